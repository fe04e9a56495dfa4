from . import bulk_sql, exceptions
