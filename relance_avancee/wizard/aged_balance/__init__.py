from . import relance_aged_balance, relance_aged_balance_line
