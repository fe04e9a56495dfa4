/** @odoo-module **/

import { registry } from "@web/core/registry";

// A manager records the court's order on a case following an injonction de payer
// (in French): its service deadline appears and becomes an activity.
registry.category("web_tour.tours").add("relance_avancee_court_tour", {
    steps: () => [
        {
            content: "Open the Court tab",
            trigger: ".o_notebook a.nav-link[name=court]",
            run: "click",
        },
        {
            content: "The court is proposed from the customer's city",
            trigger: ".o_field_widget[name=court_name] input:value(Tribunal de commerce de Grenoble)",
        },
        {
            content: "Record the order",
            trigger: ".o_field_widget[name=court_order_date] input",
            run: "edit 14/09/2026",
        },
        {
            content: "Leave the date field",
            trigger: ".o_notebook a.nav-link[name=court]",
            run: "click",
        },
        {
            content: "The amount granted can be entered once the order is made",
            trigger: ".o_field_widget[name=court_amount_granted] input",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The order must be served within three months",
            trigger: ".o_field_widget[name=court_serve_by]:contains('14/12/2026')",
        },
        {
            content: "The deadline is an activity on the case",
            trigger: ".o-mail-Activity:contains('Signifier l')",
        },
        {
            content: "Back to the Court tab",
            trigger: ".o_notebook a.nav-link[name=court]",
            run: "click",
        },
        {
            content: "The stage follows",
            trigger: ".o_field_widget[name=court_stage]:contains('Ordonnance rendue')",
        },
    ],
});
