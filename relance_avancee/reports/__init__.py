# Each capability's reports in its folder.
from . import aged_balance, letters, payment_plans
