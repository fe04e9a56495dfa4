# Each capability's reports in its folder.
from . import aged_balance, collection_cases, letters, payment_plans
