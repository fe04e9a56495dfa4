"""Collective proceedings (France): the claim declaration's deadlines, which claims
the opening judgment freezes, and the court-appointed representatives named in a
BODACC announcement's free text.

Plain Python (no Odoo). The texts (Code de commerce):
- R622-24: claims are declared within two months of the publication of the opening
  judgment in the BODACC; two more months for a creditor established outside
  metropolitan France. The same applies in receivership (R631-27) and liquidation
  (R641-25);
- L622-26: a creditor who did not declare in time is barred unless the judge lifts
  the bar, asked within six months of that publication;
- L622-7 and L622-21: claims born before the opening judgment may not be paid and
  individual actions for them stop; L622-17: claims born after it for the
  proceedings' needs are paid when due;
- L622-28: the opening judgment stops the running of interest.

Periods in months end as the Code de procédure civile counts them (art. 641 and 642,
``procedures.period_end``).
"""

import re
from datetime import date

from .procedures import period_end

DECLARATION_MONTHS = 2
OUTSIDE_METROPOLITAN_EXTRA_MONTHS = 2
LATE_FILING_MONTHS = 6


def declaration_deadline(published, outside_metropolitan=False):
    """The last day to declare a claim, the opening judgment published on
    ``published`` (R622-24)."""
    months = DECLARATION_MONTHS + (OUTSIDE_METROPOLITAN_EXTRA_MONTHS if outside_metropolitan else 0)
    return period_end(published, months)


def late_filing_deadline(published):
    """The last day to ask the judge to lift the bar of a claim not declared in time
    (L622-26)."""
    return period_end(published, LATE_FILING_MONTHS)


def frozen(born, judgment):
    """Whether a claim born on ``born`` is frozen by an opening judgment of
    ``judgment``: born before it (L622-7, L622-21), not on or after (L622-17)."""
    return born < judgment


def interest_until(judgment, on_date):
    """The last day interest runs up to ``on_date`` for a claim born before an opening
    judgment of ``judgment`` (L622-28): the day before it, or ``on_date`` if earlier."""
    return min(on_date, date.fromordinal(judgment.toordinal() - 1))


# The representatives a BODACC announcement names in its free text, for the user to
# confirm: "désignant liquidateur Maître X, adresse", "mandataire judiciaire : SELARL Y".
ROLES = {
    "liquidator": r"liquidateurs?(?: judiciaires?)?",
    "creditors_representative": r"mandataires? judiciaires?",
    "administrator": r"administrateurs? judiciaires?",
}
_ROLE_PATTERN = re.compile(
    r"(?P<role>" + "|".join(f"(?P<{key}>{pattern})" for key, pattern in ROLES.items()) + r")"
    r"\s*:?\s+(?P<name>(?:Ma[iî]tre|Me|SELARL|SELAS|SCP|SELAFA|SAS|SARL)?[^,;.\n]+)",
    re.IGNORECASE,
)


def representatives(text):
    """[(role, name)] found in ``text``, in order, once each; the role a key of
    :data:`ROLES`. A proposal: the text is free, the user confirms."""
    found = []
    for match in _ROLE_PATTERN.finditer(text or ""):
        role = next(key for key in ROLES if match.group(key))
        name = " ".join(match.group("name").split())
        if name.lower().startswith(("au ", "à ", "aux ", "dans ", "de ", "des ")):
            # "à adresser au liquidateur dans les deux mois": a mention, not a name.
            continue
        if (role, name) not in found:
            found.append((role, name))
    return found
