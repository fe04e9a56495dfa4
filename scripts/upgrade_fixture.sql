-- What a company changes in a database of the previous version before upgrading it
-- (run by scripts/run_tests.py between installing the previous version and the
-- upgrade; the tests tagged relance_upgrade check that the upgrade keeps it).

-- A manager corrected a shipped reference rate.
UPDATE relance_rate SET source = 'Corrected by the manager',
       write_date = write_date + interval '1 minute'
 WHERE id = (SELECT res_id FROM ir_model_data
              WHERE module = 'relance_avancee' AND name = 'relance_rate_ecb_2022_h1');

-- A manager made the formal notice also call the customer, and the friendly reminder
-- a letter only (the channels as the previous version named them).
UPDATE relance_level SET action_call = TRUE
 WHERE id = (SELECT res_id FROM ir_model_data
              WHERE module = 'relance_avancee' AND name = 'relance_level_fr_formal_notice');
UPDATE relance_level SET action_email = FALSE, action_letter = TRUE
 WHERE id = (SELECT res_id FROM ir_model_data
              WHERE module = 'relance_avancee' AND name = 'relance_level_fr_friendly');
