"""pytest configuration for the checks that run without an Odoo server.

The addon's plain-Python core (``relance_avancee/engine``) imports nothing from Odoo or
from the addon, so it is importable on its own as ``engine``.
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDON = REPO / "relance_avancee"
# The addon and its bridges to other Odoo apps, each at the repository's root.
ADDONS = (ADDON, REPO / "relance_avancee_sale", REPO / "relance_avancee_payment")

sys.path.insert(0, str(ADDON))
