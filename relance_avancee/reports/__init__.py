from . import (
    relance_letter_report,
    relance_payment_plan_report,
    relance_statement_report,
)

# isort: split
# The capabilities, each in its folder.
from . import aged_balance
