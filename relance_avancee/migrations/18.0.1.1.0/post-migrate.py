# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.1.0: the shipped reference rates cite the document each was read in and
say whether it was verified.

Their data file is ``noupdate`` (a manager may correct a rate), so an upgrade does
not reload it: the rows nobody edited since they were installed get their citation
here, read from the same file; a row a manager changed keeps the manager's values.
"""

import xml.etree.ElementTree as ET

from odoo import SUPERUSER_ID, api
from odoo.tools.misc import file_path

CITATION_FIELDS = ("source", "source_date", "source_url")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    data = ET.parse(file_path("relance_avancee/data/relance_rate_data.xml")).getroot()
    for record in data.iter("record"):
        rate = env.ref(f"relance_avancee.{record.get('id')}", raise_if_not_found=False)
        if not rate or rate.write_date != rate.create_date:
            continue
        fields = {field.get("name"): field for field in record.iter("field")}
        values = {name: fields[name].text if name in fields else False for name in CITATION_FIELDS}
        values["verified"] = "verified" not in fields or fields["verified"].get("eval") != "False"
        rate.write(values)
