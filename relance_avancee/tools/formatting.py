# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Numbers as a person reads them, in the language of the environment."""

from odoo.tools.misc import formatLang

NO_BREAK_SPACE = "\u00a0"


def format_percent(env, value, digits=2):
    """``value`` percent in the language's number format: ``12,40 %`` in French
    (a no-break space before the sign, as French typography writes it), ``12.40%``
    in English."""
    number = formatLang(env, float(value), digits=digits)
    space = NO_BREAK_SPACE if (env.lang or "").startswith("fr") else ""
    return f"{number}{space}%"


def format_rates(env, rates):
    """Several rates, as a letter or an invoice line lists them."""
    return ", ".join(format_percent(env, rate) for rate in rates)
