/** @odoo-module **/

import { registry } from "@web/core/registry";

// A collector starts the day on the morning view (in French): what waits, card by
// card, and a card opens the records behind it.
registry.category("web_tour.tours").add("relance_avancee_dashboard_tour", {
    steps: () => [
        {
            content: "The standing first: overdue, promised, planned, collected",
            trigger:
                ".o_kanban_record:first-child:contains('Où en est le recouvrement'):contains('En retard'):contains('Promis cette semaine'):contains('Échéances du mois'):contains('Encaissé ce mois-ci')",
        },
        {
            content: "Nobody misses the work: no warning card",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('Personne ne reçoit')))",
        },
        {
            content: "The calls card counts the call to make and shows its script",
            trigger:
                ".o_kanban_record:contains('Appels à passer'):contains('Menuiserie Dupont SARL'):contains('Présentez-vous')",
        },
        {
            content: "The approval card counts the hand-over waiting for approval",
            trigger:
                ".o_kanban_record:contains('À approuver'):contains('Bâtiment Leroy')",
        },
        {
            content: "Open the calls",
            trigger: ".o_kanban_record:contains('Appels à passer')",
            run: "click",
        },
        {
            content: "The call is listed, to make",
            trigger: ".o_data_row:contains('Menuiserie Dupont SARL'):contains('Appel à passer')",
        },
        {
            content: "Back to the morning view",
            trigger: ".o_breadcrumb a:contains('Aujourd')",
            run: "click",
        },
        {
            trigger: ".o_kanban_record:contains('Litiges se terminant cette semaine')",
        },
    ],
});
