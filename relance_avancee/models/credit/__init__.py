# Credit: the customers' exposure and holds, their reliability score (the rest of the
# capability's models are still in models/, to be moved here).
from . import relance_run
