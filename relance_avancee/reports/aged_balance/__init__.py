from . import (
    relance_aged_balance_report,
    relance_statement_report,
)
