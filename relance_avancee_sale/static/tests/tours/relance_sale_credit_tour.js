/** @odoo-module **/

import { registry } from "@web/core/registry";

// A salesperson (no accounting rights) opens a quotation for a customer on credit hold
// and tries to confirm it (in French): the hold and a traffic light, no amounts, a
// refusal that says why.
registry.category("web_tour.tours").add("relance_avancee_sale_credit_tour", {
    steps: () => [
        {
            content: "A banner says the customer is on credit hold, and why",
            trigger: ".alert-danger:contains('Client en blocage de crédit'):contains('Blocage manuel')",
        },
        {
            content: "The traffic light shows beside the customer",
            trigger: ".o_field_widget[name=relance_credit_light] .badge",
        },
        {
            content: "The amounts reserved to accounting are not on the page",
            trigger: ".o_form_view:not(:has(.o_field_widget[name=relance_exposure_total]))",
        },
        {
            content: "Try to confirm the quotation",
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The confirmation is refused: the customer is on credit hold",
            trigger: ".modal .modal-body:contains('en blocage de crédit : Blocage manuel')",
        },
    ],
});
