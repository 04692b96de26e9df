"""The integral table: closed-form integrals as data (``rules``), and logarithms inside them (``logs``)."""
