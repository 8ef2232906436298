"""Names used where vulture cannot see them (`make deadcode`, scripts/deadcode.py): by templates,
by Django or django-ninja through a setting or a protocol, or by the tests only.

Written as vulture expects: one attribute access per name, never run."""

# ruff: noqa: B018, F821
# Templates (`{{ x.name }}`, `{% for … in x.name %}`).
_.agreement  # assessment/partials/results_body.html
_.divergent_questions  # assessment/partials/results_body.html
_.progressed  # assessment/partials/results_body.html
_.regressed  # assessment/partials/results_body.html
_.language_labels  # catalysts/detail.html
_.has_data  # indicators/partials/portrait_body.html
_.percent  # indicators/portrait_print.html, territories/detail.html
_.short_label  # observatory/partials/chart.html
_.priorities  # observatory/partials/compass.html
_.restorable_until  # partnerships/dashboard.html
_.email_domain  # actors/claims.html
_.is_late  # partnerships/step.html, alliance_detail.html
_.partnership_type_labels  # practices/detail.html
_.mecenat_kind_labels  # practices/detail.html
_.get_download_url  # resources/_kit_body.html
_.is_full  # resources/event_detail.html

# Django and django-ninja.
_.page_not_found  # config/urls.py: handler404 (a dotted path)
_.server_error  # config/urls.py: handler500 (a dotted path)
_.StructuredFormatter  # config/settings_production.py: LOGGING formatter (a dotted path)
_.NotAboutEmails  # config/settings_production.py: LOGGING filter (a dotted path)
_.lookups  # admin.SimpleListFilter protocol (core/admin.py)
_.Input  # ninja's pagination reads its query parameters from this inner class
_.Media  # a form's scripts, read by Django (`{{ form.media }}`): partnerships/forms.py CommitmentForm
_.model_instance  # Field.validate(value, model_instance): Django's signature
_.exc_info  # __exit__(*exc_info): the context manager protocol
_.app_configs  # a system check's signature: check(app_configs, **kwargs)
_.clip_overlong_texts  # used by the migrations (excluded from the check)
_.schema_editor  # a RunPython function's signature: (apps, schema_editor)
_.get_ident  # ninja's throttle hook: the client's identity
_.check_cache_tables  # core/checks.py: registered by @register, called by `check --deploy`
_.AccountAdapter  # config/settings.py: ACCOUNT_ADAPTER (a dotted path)
_.format_email_subject  # allauth's adapter hook
_.send_mail  # allauth's adapter hook (AccountAdapter.send_mail)
_.readable  # io.RawIOBase protocol (core.csvfiles reads through io.BufferedReader)
# django.contrib.syndication's Feed reads these by name (partnerships/views/calls.py).
_.get_object  # Feed
_.feed_url  # Feed
_.author_name  # Feed
_.item_title  # Feed
_.item_description  # Feed
_.item_link  # Feed
_.item_updateddate  # Feed
_.item_categories  # Feed
_.is_paused  # alerts/templates/alerts/list.html: alert.is_paused

# Used by the tests only: reference parsers and read-outs the import code does not need.
_.parse_establishment  # tests/actors/test_import_sirene*.py
_.calls_open_for  # partnerships.selectors: the calls of the personal space (/mon-espace/), tests/partnerships/test_calls.py
_.lexical_ranking  # the BM25-OR baseline of bench/need_search and tests/core/test_need_search.py
_.parse_legal_unit  # tests/actors/test_import_sirene.py
_.pending_indexes  # tests of core.deferred_indexes
_.indicators_aggregate  # tests/indicators/test_aggregation.py
_.insets  # tests/observatory/test_views.py
_.metropolitan  # tests/observatory/test_views.py
