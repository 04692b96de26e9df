"""Writers: plain text and JSON, and LaTeX (printer, step displays, Jinja templates, latexmk to PDF).

Import what you need from its module (``render.document``, ``render.printer`` …); this package
imports nothing, so that the quantities can use the displays without loading the document writer.
"""
