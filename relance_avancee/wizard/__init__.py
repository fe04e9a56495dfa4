# Each capability's wizards in its folder; the ladder's first (its customer wizard
# mixin is inherited by the letters' penalty invoice wizard).
from . import ladder

# isort: split
from . import aged_balance, collection_cases, letters, payment_plans
