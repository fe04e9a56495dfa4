/** @odoo-module **/

import { registry } from "@web/core/registry";

// An accountant reads what to declare to the credit insurer, the deadline already
// passed, and marks it declared (in French).
registry.category("web_tour.tours").add("relance_avancee_insurance_tour", {
    steps: () => [
        {
            content: "The unpaid debt of Dupont is to declare, its deadline passed (in red)",
            trigger: ".o_data_row.text-danger:contains('Menuiserie Dupont'):contains('Créance impayée')",
        },
        {
            content: "Open it",
            trigger: ".o_data_row:contains('Menuiserie Dupont') .o_data_cell[name=partner_id]",
            run: "click",
        },
        {
            content: "Declared to the insurer today",
            trigger: ".o_form_view button[name=action_declare]:contains('Marquer comme déclarée')",
            run: "click",
        },
        {
            content: "The form says so",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Déclarée')",
        },
    ],
});
