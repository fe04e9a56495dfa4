"""Credit control: a customer's exposure, the credit holds that stop its next sale, and
whether a document about to be posted or confirmed passes.

Plain Python, no Odoo: the models read the sums per currency, the limits and the facts
behind the hold rules in a few queries, and call these functions for the whole batch.

Vocabulary
- *exposure*: what a customer owes or is about to owe a company: its open receivables
  (posted, residual, payments and credit notes on account netted), its draft invoices
  and, with Sales, its confirmed orders not yet invoiced; in the company's currency at
  today's rate;
- *credit limit*: Odoo's own ``credit_limit`` of the customer; 0 means no limit;
- *credit hold*: a stop on the customer's next sales (not to be confused with the hold
  on reminders, which stops the dunning letters): set by a person, or by a rule the
  company chose, and lifted when its cause clears;
- *authorisation*: a Collections manager's permission to let one document, or every
  document of a period, through despite a hold or the limit.

Modes (per company)
- ``off``: nothing is checked;
- ``warn`` (the default): a document that goes over the limit or meets a hold passes,
  and says so in its chatter;
- ``block``: it is refused, unless authorised.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# The documents a customer's credit is checked on (Odoo's move types).
CUSTOMER_INVOICE_TYPES = ("out_invoice", "out_receipt")

OFF, WARN, BLOCK = "off", "warn", "block"
MODES = (OFF, WARN, BLOCK)

# Traffic lights shown to those who may not see the amounts (a salesperson).
NO_LIMIT, GREEN, AMBER, RED = "none", "green", "amber", "red"
# Amber from this share of the limit: our product's choice, not a figure from a text.
AMBER_SHARE = Decimal("0.8")

# What set a credit hold.
CAUSE_MANUAL = "manual"
CAUSE_LEVEL = "level"
CAUSE_OVERDUE = "overdue"
CAUSE_LIMIT = "limit"
CAUSE_BROKEN_PLAN = "broken_plan"
# The public registers show the customer ceased, deregistered or in proceedings.
CAUSE_REGISTER = "register"
AUTOMATIC_CAUSES = (CAUSE_LEVEL, CAUSE_OVERDUE, CAUSE_LIMIT, CAUSE_BROKEN_PLAN, CAUSE_REGISTER)

# What a check decides about a document.
PASS, PASS_WARNED, PASS_AUTHORISED, REFUSE = "pass", "warned", "authorised", "refused"

ZERO = Decimal(0)


@dataclass(frozen=True)
class Exposure:
    """One customer's exposure with one company, in the company's currency."""

    receivable: Decimal = ZERO
    draft: Decimal = ZERO
    orders: Decimal = ZERO

    @property
    def total(self):
        return self.receivable + self.draft + self.orders

    def plus(self, draft=ZERO, receivable=ZERO, orders=ZERO):
        return Exposure(self.receivable + receivable, self.draft + draft, self.orders + orders)


@dataclass(frozen=True)
class HoldRules:
    """The automatic holds a company chose. The level rule is decided by the models
    (it needs each customer's policy and the levels its lines reached) and arrives as
    the fact ``level_reached``."""

    overdue_days: int = 0  # 0: no hold on the age of an overdue item
    over_limit: bool = False
    broken_plan: bool = False
    register_alert: bool = False


@dataclass(frozen=True)
class HoldFacts:
    """What the hold rules look at for one customer."""

    level_reached: str = ""  # the name of the level that triggers a hold, if reached
    oldest_days_late: int = 0
    over_limit: bool = False
    broken_plan: bool = False
    register_alert: bool = False  # the last check of the public registers warned


@dataclass(frozen=True)
class Verdict:
    """What a check decided about one document."""

    outcome: str
    exposure_after: Decimal
    over_limit: bool
    hold_causes: tuple = ()

    @property
    def refused(self):
        return self.outcome == REFUSE


def to_decimal(value):
    """A float of the database (an amount, a limit) as the Decimal it was meant to be."""
    return Decimal(str(value or 0))


def to_company_currency(amounts, factors, digits):
    """Sum ``amounts`` ({currency: amount}) converted with ``factors`` ({currency:
    company-currency units per unit}), rounded to the company currency's ``digits``."""
    total = sum(
        (to_decimal(amount) * factors[currency] for currency, amount in amounts.items()), ZERO
    )
    return total.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def is_over_limit(total, limit):
    """Over a limit; a limit of 0 (or less) is no limit, as in Odoo."""
    return limit > 0 and total > limit


def light(total, limit):
    """The traffic light of an exposure against a limit."""
    if limit <= 0:
        return NO_LIMIT
    if total > limit:
        return RED
    if total >= limit * AMBER_SHARE:
        return AMBER
    return GREEN


def hold_causes(facts, rules):
    """The automatic causes of a hold that apply to a customer, in a fixed order."""
    causes = []
    if facts.level_reached:
        causes.append(CAUSE_LEVEL)
    if rules.overdue_days > 0 and facts.oldest_days_late > rules.overdue_days:
        causes.append(CAUSE_OVERDUE)
    if rules.over_limit and facts.over_limit:
        causes.append(CAUSE_LIMIT)
    if rules.broken_plan and facts.broken_plan:
        causes.append(CAUSE_BROKEN_PLAN)
    if rules.register_alert and facts.register_alert:
        causes.append(CAUSE_REGISTER)
    return tuple(causes)


def check(mode, exposure, amount, limit, active_holds=(), authorised=False):
    """Decide on a document of ``amount`` for a customer whose exposure without it is
    ``exposure`` (its total, a Decimal), under ``limit`` and ``active_holds`` (causes).

    A document that lowers nothing and meets neither the limit nor a hold passes; one
    that does passes with a warning in ``warn`` mode, and is refused in ``block`` mode
    unless a manager authorised it.
    """
    after = exposure + amount
    over = is_over_limit(after, limit)
    holds = tuple(active_holds)
    if mode == OFF or not (over or holds):
        return Verdict(PASS, after, over, holds)
    if authorised:
        return Verdict(PASS_AUTHORISED, after, over, holds)
    return Verdict(REFUSE if mode == BLOCK else PASS_WARNED, after, over, holds)


def check_sequence(mode, exposure, documents, limit, active_holds=(), authorised=()):
    """Check ``documents`` ((key, amount) in posting order) of one customer one after
    the other: each is judged with the ones before it that passed added.

    ``authorised``: the keys a manager let through (or ``True`` for all, a period).
    Returns {key: Verdict}.
    """
    verdicts = {}
    for key, amount in documents:
        allowed = authorised is True or key in authorised
        verdict = check(mode, exposure, amount, limit, active_holds, allowed)
        verdicts[key] = verdict
        if not verdict.refused:
            exposure = verdict.exposure_after
    return verdicts
