"""Plain-Python core of relance_avancee: no ``odoo`` import, tested under pytest."""
