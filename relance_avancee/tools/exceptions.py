# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The addon's own exceptions, raised by the models and caught by the wizards."""

from odoo.exceptions import UserError


class UnverifiedRates(UserError):
    """A computation used rates nobody read in a source: the user is asked first
    (``relance.unverified.rate.confirm``)."""
