from . import relance_aged_balance_report
