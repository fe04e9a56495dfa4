# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import models


def post_init_hook(env):
    """Installed beside Sales already in use: its confirmed orders not yet invoiced
    join every customer's stored exposure at once, not at the next daily run."""
    env["relance.credit.exposure"]._fill_every_company()
