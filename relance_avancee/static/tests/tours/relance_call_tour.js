/** @odoo-module **/

import { registry } from "@web/core/registry";

// A collector, in French, opens the call to make, sees the numbers and the script,
// and logs the customer's promise to pay in one dialog.
registry.category("web_tour.tours").add("relance_avancee_call_tour", {
    steps: () => [
        {
            content: "The call is to make",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Appel à passer')",
        },
        {
            content: "Open the call's tab",
            trigger: ".o_notebook a:contains('Appel')",
            run: "click",
        },
        {
            content: "The number to dial, as a link",
            trigger: ".o_field_widget[name=call_mobile] a[href^='tel:']",
        },
        {
            content: "Log the call",
            trigger: ".o_form_view button[name=action_log_call]",
            run: "click",
        },
        {
            content: "The script is in the dialog",
            trigger: ".modal .o_field_widget[name=call_script]",
        },
        {
            content: "The customer promises to pay",
            trigger: ".modal .o_field_widget[name=outcome] label:contains('Promesse de paiement')",
            run: "click",
        },
        {
            content: "Promised for",
            trigger: ".modal .o_field_widget[name=promise_date] input",
            run: "edit 31/12/2099",
        },
        {
            content: "What the customer said",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Règlement par virement la semaine prochaine",
        },
        {
            content: "Log it",
            trigger: ".modal button[name=action_log]",
            run: "click",
        },
        {
            content: "The call is done",
            trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name=call_outcome]:contains('Promesse de paiement')",
        },
    ],
});

// A manager, in French, reads what is in front of them before deciding on a formal
// notice, then postpones it.
registry.category("web_tour.tours").add("relance_avancee_approval_tour", {
    steps: () => [
        {
            content: "The previous communication of the same invoices",
            trigger: ".o_form_view .o_field_widget[name=previous_communication_id]:contains('Menuiserie Dupont SARL')",
        },
        {
            content: "The indemnity the notice claims",
            trigger: ".o_form_view .o_field_widget[name=letter_indemnity]",
        },
        {
            content: "Postpone",
            trigger: ".o_form_view button[name=action_postpone]",
            run: "click",
        },
        {
            content: "Why it waits",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Le client nous rappelle lundi",
        },
        {
            content: "Postpone it",
            trigger: ".modal button[name=action_postpone]",
            run: "click",
        },
        {
            content: "Postponed",
            trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name=postponed_until]",
        },
    ],
});
