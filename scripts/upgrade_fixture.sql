-- What a company changes in a database of the previous version before upgrading it
-- (run by scripts/run_tests.py between installing the previous version, with its demo
-- book, and the upgrade; the tests tagged relance_upgrade check that the upgrade keeps
-- it). Written for the previous version's schema: when the addon's version is raised,
-- this file and the tests follow the version now previous.

-- A manager corrected a shipped reference rate.
UPDATE relance_rate SET source = 'Corrected by the manager',
       write_date = write_date + interval '1 minute'
 WHERE id = (SELECT res_id FROM ir_model_data
              WHERE module = 'relance_avancee' AND name = 'relance_rate_ecb_2022_h1');

-- A manager made the formal notice also call the customer, and the friendly reminder
-- a letter only.
UPDATE relance_level SET channel_call = TRUE
 WHERE id = (SELECT res_id FROM ir_model_data
              WHERE module = 'relance_avancee' AND name = 'relance_level_fr_formal_notice');
UPDATE relance_level SET channel_email = FALSE, channel_letter = TRUE
 WHERE id = (SELECT res_id FROM ir_model_data
              WHERE module = 'relance_avancee' AND name = 'relance_level_fr_friendly');

-- The French demo company turned Odoo's credit limits on and gave every customer a
-- limit of 1,000.00 (credit_limit is company-dependent: a jsonb keyed by company id).
UPDATE res_company SET account_use_credit_limit = TRUE
 WHERE id = (SELECT res_id FROM ir_model_data
              WHERE module = 'relance_avancee' AND name = 'demo_company_fr');
UPDATE res_partner
   SET credit_limit = COALESCE(credit_limit, '{}'::jsonb) || jsonb_build_object(
         (SELECT res_id FROM ir_model_data
           WHERE module = 'relance_avancee' AND name = 'demo_company_fr')::text, 1000.0)
 WHERE is_company OR parent_id IS NULL;
