# The core first (the ladder, its run and its sending), then letters and penalties,
# then the capabilities that plug into them by hooks: Odoo builds the models in import
# order, and each folder extends models defined before it.
from . import ladder

# isort: split
from . import letters

# isort: split
from . import payment_plans

# isort: split
from . import collection_cases

# isort: split
from . import aged_balance, credit
