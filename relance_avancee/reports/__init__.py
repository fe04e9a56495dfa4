from . import (
    relance_aged_balance_report,
    relance_letter_report,
    relance_payment_plan_report,
    relance_statement_report,
)
