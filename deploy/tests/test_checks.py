"""Each deploy-check must fail on the mismatch it exists for: these tests feed the checks
broken copies of the repository's own files (run by deploy/validate.sh, `make deploy-check`).
Run alone: python3 -m unittest discover -s deploy/tests"""

import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

DEPLOY = pathlib.Path(__file__).resolve().parent.parent
ROOT = DEPLOY.parent


def run(script, *args):
    return subprocess.run([sys.executable, str(DEPLOY / script), *map(str, args)],
                          capture_output=True, text=True)


class Copy:
    """A scratch copy of the files the monitoring check reads, to break one at a time."""

    def __enter__(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = pathlib.Path(self.dir.name)
        for source in ["crates", "services"]:
            for rs in (ROOT / source).glob("*/src/**/*.rs"):
                target = self.root / rs.relative_to(ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(rs, target)
        shutil.copytree(ROOT / "deploy/monitoring", self.root / "deploy/monitoring")
        (self.root / "docs").mkdir()
        shutil.copy(ROOT / "docs/OPERATIONS.md", self.root / "docs/OPERATIONS.md")
        return self

    def __exit__(self, *_):
        self.dir.cleanup()

    def edit(self, path, old, new):
        file = self.root / path
        text = file.read_text()
        assert old in text, f"{old!r} not in {path}: update the test"
        file.write_text(text.replace(old, new, 1))


class MonitoringCheck(unittest.TestCase):
    def check(self, copy):
        return run("check_monitoring.py", copy.root)

    def test_the_shipped_files_pass(self):
        with Copy() as copy:
            result = self.check(copy)
            self.assertEqual(result.returncode, 0, result.stderr)

    def test_a_runbook_anchor_that_does_not_exist_fails(self):
        with Copy() as copy:
            copy.edit("docs/OPERATIONS.md", '<a id="slow-acceptance"></a>', "")
            copy.edit("docs/OPERATIONS.md", "### Slow acceptance", "### Acceptance is slow")
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertIn("BatonSlowAcceptance", result.stderr)
            self.assertIn("no anchor #slow-acceptance", result.stderr)

    def test_an_alert_without_a_runbook_fails(self):
        with Copy() as copy:
            copy.edit("deploy/monitoring/alerts.yaml",
                      "          runbook: docs/OPERATIONS.md#alerts-raised\n", "")
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertIn("alert BatonAlertsRaised: no runbook", result.stderr)

    def test_a_threshold_at_the_top_bucket_fails(self):
        with Copy() as copy:
            # The buckets as they were when BatonSlowAcceptance could never fire.
            metrics = "crates/telemetry/src/metrics.rs"
            text = (copy.root / metrics).read_text()
            text = re.sub(r"(const ACCEPTANCE_BUCKETS: &\[f64\] = &\[)[^\]]*\]",
                          r"\g<1>1.0, 10.0, 30.0, 60.0]", text)
            (copy.root / metrics).write_text(text)
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertIn("BatonSlowAcceptance: threshold 60 is not below the top finite bucket (60)",
                          result.stderr)

    def test_a_nats_metric_the_exporter_does_not_emit_fails(self):
        with Copy() as copy:
            # A name from another exporter (or a guess): the chart's exporter has no such series.
            copy.edit("deploy/monitoring/alerts.yaml", "nats_server_max_storage) > 0.7",
                      "nats_jetstream_storage_used) > 0.7")
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertIn("nats_jetstream_storage_used is not one the NATS chart's exporter emits",
                          result.stderr)

    def test_a_misspelt_metric_in_the_runbook_fails(self):
        with Copy() as copy:
            # The runbook sends on-call to a series no service records: an empty graph.
            copy.edit("docs/OPERATIONS.md", "`baton_handoffs_timed_out_total` split them",
                      "`baton_handoff_timed_out_total` split them")
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertRegex(result.stderr,
                             r"docs/OPERATIONS.md:\d+: metric baton_handoff_timed_out_total is not recorded")

    def test_a_documented_exporter_metric_that_does_not_exist_fails(self):
        with Copy() as copy:
            copy.edit("docs/OPERATIONS.md", "or\n   `nats_stream_total_bytes` by", "or\n   `nats_stream_bytes` by")
            copy.edit("docs/OPERATIONS.md", "kube_deployment_status_replicas_available", "kube_deployment_replicas_ready")
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertIn("metric nats_stream_bytes is not one the NATS chart's exporter emits", result.stderr)
            self.assertIn("metric kube_deployment_replicas_ready is not one kube-state-metrics emits", result.stderr)

    def test_a_metric_the_code_stops_recording_fails_where_the_runbook_names_it(self):
        with Copy() as copy:
            copy.edit("services/email-sender/src/transport.rs", '"baton_email_sends_total"', '"baton_email_sent_total"')
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertRegex(result.stderr, r"docs/OPERATIONS.md:\d+: metric baton_email_sends_total is not recorded")

    def test_an_alert_the_runbook_describes_but_the_rules_lack_fails(self):
        with Copy() as copy:
            # How it was: the runbook described a "not ready" alert that was never shipped.
            rules = copy.root / "deploy/monitoring/alerts.yaml"
            rules.write_text(re.sub(r"      - alert: BatonPodsNotReady\n.*?(?=\n      - alert: )", "",
                                    rules.read_text(), count=1, flags=re.DOTALL))
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertIn("docs/OPERATIONS.md names alert BatonPodsNotReady, which "
                          "deploy/monitoring/alerts.yaml does not define", result.stderr)

    def test_an_alert_missing_from_the_runbook_table_or_with_another_severity_fails(self):
        with Copy() as copy:
            copy.edit("docs/OPERATIONS.md", "| `BatonPodsNotReady` | ticket |", "| `BatonPodsNotReady` | page |")
            copy.edit("docs/OPERATIONS.md", "| `BatonTaskRestarting` | ticket | [Pods not ready](#pods-not-ready) |\n", "")
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertIn("alert BatonPodsNotReady: severity ticket, but docs/OPERATIONS.md's table says page",
                          result.stderr)
            self.assertIn("alert BatonTaskRestarting: not in the table of shipped alerts", result.stderr)

    def test_a_kube_metric_kube_state_metrics_does_not_export_fails(self):
        with Copy() as copy:
            copy.edit("deploy/monitoring/alerts.yaml", "(kube_deployment_status_replicas_unavailable{",
                      "(kube_deployment_replicas_unavailable{")
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertIn("alert BatonPodsNotReady: metric kube_deployment_replicas_unavailable is not one "
                          "kube-state-metrics emits", result.stderr)

    def test_an_alert_on_an_email_metric_the_code_does_not_record_fails(self):
        with Copy() as copy:
            # The SMTP alerts are only as good as the metric the email-sender records.
            copy.edit("deploy/monitoring/alerts.yaml", 'rate(baton_email_sends_total{outcome="refused"}',
                      'rate(baton_email_send_total{outcome="refused"}')
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertIn("alert BatonEmailsRefused: metric baton_email_send_total is not recorded by any service",
                          result.stderr)

    def test_a_page_on_a_single_dead_letter_fails(self):
        with Copy() as copy:
            # The rule as it was: one bad outside event woke on-call.
            copy.edit("deploy/monitoring/alerts.yaml",
                      "expr: sum by (service) (increase(baton_messages_dead_lettered_total[10m])) > 10",
                      "expr: increase(baton_messages_dead_lettered_total[15m]) > 0 or delta(baton_dlq_messages[15m]) > 0")
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertIn("alert BatonDeadLettersGrowing: pages on a single event", result.stderr)

    def test_a_page_without_for_fails(self):
        with Copy() as copy:
            copy.edit("deploy/monitoring/alerts.yaml", "        for: 15m\n        labels: {severity: page}",
                      "        labels: {severity: page}")
            result = self.check(copy)
            self.assertEqual(result.returncode, 1)
            self.assertIn("alert BatonDeadLettersGrowing: a page without `for:`", result.stderr)


@unittest.skipUnless(shutil.which("promtool"), "promtool is not installed (deploy/validate.sh installs it)")
class PromtoolCheck(unittest.TestCase):
    """deploy/validate.sh runs `promtool check rules` and `promtool test rules` on the
    shipped rules: these show that each refuses what it exists to catch."""

    def promtool(self, copy, *args):
        return subprocess.run(["promtool", *args], capture_output=True, text=True,
                              cwd=copy.root / "deploy/monitoring")

    def test_the_shipped_rules_parse_and_pass_their_tests(self):
        with Copy() as copy:
            for args in (["check", "rules", "alerts.yaml"], ["test", "rules", "alerts_test.yaml"]):
                result = self.promtool(copy, *args)
                self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_an_expression_that_does_not_parse_fails(self):
        with Copy() as copy:
            copy.edit("deploy/monitoring/alerts.yaml", "(baton_consumer_pending) > 1000",
                      "(baton_consumer_pending > 1000")
            result = self.promtool(copy, "check", "rules", "alerts.yaml")
            self.assertNotEqual(result.returncode, 0)

    def test_an_alert_that_can_no_longer_fire_fails_its_unit_test(self):
        with Copy() as copy:
            copy.edit("deploy/monitoring/alerts.yaml",
                      "(rate(baton_handoff_acceptance_seconds_bucket[15m]))) > 60",
                      "(rate(baton_handoff_acceptance_seconds_bucket[15m]))) > 600")
            result = self.promtool(copy, "test", "rules", "alerts_test.yaml")
            self.assertNotEqual(result.returncode, 0)
            self.assertIn("BatonSlowAcceptance", result.stdout + result.stderr)

    def test_a_page_on_one_burst_fails_its_unit_test(self):
        with Copy() as copy:
            copy.edit("deploy/monitoring/alerts.yaml",
                      "(increase(baton_messages_dead_lettered_total[10m])) > 10\n        for: 15m",
                      "(increase(baton_messages_dead_lettered_total[10m])) > 10\n        for: 5m")
            result = self.promtool(copy, "test", "rules", "alerts_test.yaml")
            self.assertNotEqual(result.returncode, 0)
            self.assertIn("BatonDeadLettersGrowing", result.stdout + result.stderr)


def settings_rows(markdown):
    """The settings table of `markdown` without its description column, as the code
    generates it (they agree: deploy-check has compared them before these tests run)."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| setting | default | secret | read by |"))
    table = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        table.append("| " + " | ".join(cell.strip() for cell in line.strip("|").split("|")[:4]) + " |")
    return "\n".join(["| setting | default | secret | read by |", "|---|---|---|---|", *table]) + "\n"


class SettingsCheck(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.docs = (ROOT / "docs/OPERATIONS.md").read_text()
        self.generated = pathlib.Path(self.dir.name) / "generated.md"
        self.generated.write_text(settings_rows(self.docs))

    def tearDown(self):
        self.dir.cleanup()

    def check(self, docs):
        copy = pathlib.Path(self.dir.name) / "OPERATIONS.md"
        copy.write_text(docs)
        return run("check_settings.py", self.generated, copy)

    def row(self, variable):
        return next(line for line in self.docs.splitlines() if line.startswith(f"| `{variable}` |"))

    def test_the_shipped_docs_pass(self):
        result = self.check(self.docs)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_an_undocumented_setting_fails(self):
        result = self.check(self.docs.replace(self.row("BATON_DEFAULT_FROM") + "\n", ""))
        self.assertEqual(result.returncode, 1)
        self.assertIn("`BATON_DEFAULT_FROM` is read by the code but missing", result.stderr)

    def test_a_wrong_default_fails(self):
        row = self.row("BATON_HTTP_RETRY__MAX")
        result = self.check(self.docs.replace(row, row.replace("`8000`", "`60000`")))
        self.assertEqual(result.returncode, 1)
        self.assertIn("`BATON_HTTP_RETRY__MAX`", result.stderr)

    def test_a_setting_nothing_reads_fails(self):
        row = self.row("BATON_SMTP_URL")
        extra = row.replace("BATON_SMTP_URL", "BATON_SMTP_HOST")
        result = self.check(self.docs.replace(row, row + "\n" + extra))
        self.assertEqual(result.returncode, 1)
        self.assertIn("`BATON_SMTP_HOST` is documented", result.stderr)


class NatsCopy:
    """A scratch copy of what the NATS check reads: the values, the docs and the code's bounds."""

    def __enter__(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = pathlib.Path(self.dir.name)
        for path in ["deploy/nats/values.yaml", "docs/ARCHITECTURE.md", "docs/OPERATIONS.md",
                     "crates/proto/src/state.rs", "crates/proto/src/validate.rs",
                     "crates/proto/src/attributes.rs", "crates/proto/src/ids.rs",
                     "crates/bus/src/dlq.rs", "crates/bus/src/provision.rs",
                     "crates/bus/src/connect.rs"]:
            target = self.root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / path, target)
        return self

    def __exit__(self, *_):
        self.dir.cleanup()

    def edit(self, path, old, new, count=1):
        file = self.root / path
        text = file.read_text()
        assert old in text, f"{old!r} not in {path}: update the test"
        file.write_text(text.replace(old, new, count))

    def user_block(self, user):
        text = (self.root / "deploy/nats/values.yaml").read_text()
        start = text.index(f"        - user: {user}\n")
        end = text.index("        - user:", start + 10)
        return text[start:end]


class NatsCheck(unittest.TestCase):
    def check(self, copy):
        return run("check_nats.py", copy.root)

    def broken(self, copy, *expected):
        result = self.check(copy)
        self.assertEqual(result.returncode, 1, result.stdout)
        for text in expected:
            self.assertIn(text, result.stderr)

    def test_the_shipped_values_pass(self):
        with NatsCopy() as copy:
            result = self.check(copy)
            self.assertEqual(result.returncode, 0, result.stderr)

    def test_a_config_nats_server_refuses_fails(self):
        with NatsCopy() as copy:
            copy.edit("deploy/nats/values.yaml", "        jetstream: enabled\n",
                      "        jetstream: enabled\n        no_such_option: true\n")
            self.broken(copy, "nats-server -t refuses the rendered config")

    def test_a_literal_password_fails(self):
        with NatsCopy() as copy:
            copy.edit("deploy/nats/values.yaml", "password: << $NATS_PASSWORD_BATON_OPS >>",
                      "password: hunter2")
            self.broken(copy, "user baton-ops: the password is not a `<< $VARIABLE >>`")

    def test_a_password_variable_not_from_a_secret_fails(self):
        with NatsCopy() as copy:
            copy.edit("deploy/nats/values.yaml",
                      "    NATS_PASSWORD_EMAIL_SENDER:\n      valueFrom: {secretKeyRef: {name: nats-baton-users, key: email-sender}}\n",
                      "    NATS_PASSWORD_EMAIL_SENDER: not-a-secret\n")
            self.broken(copy, "$NATS_PASSWORD_EMAIL_SENDER, which container.env does not fill from a Secret")

    def test_a_service_missing_a_subject_it_publishes_fails(self):
        with NatsCopy() as copy:
            block = copy.user_block("trigger-evaluator")
            copy.edit("deploy/nats/values.yaml", block,
                      block.replace('                - "baton.handoff.requested.>"\n', ""))
            self.broken(copy, "user trigger-evaluator may not publish baton.handoff.requested.t.c")

    def test_a_service_missing_its_kv_writes_fails(self):
        with NatsCopy() as copy:
            block = copy.user_block("email-sender")
            copy.edit("deploy/nats/values.yaml", block,
                      block.replace('                - "$KV.baton_links.>"\n', ""))
            self.broken(copy, "user email-sender may not publish $KV.baton_links.t.k")

    def test_a_service_allowed_more_than_it_needs_fails(self):
        with NatsCopy() as copy:
            block = copy.user_block("copilot-drafter")
            copy.edit("deploy/nats/values.yaml", block,
                      block.replace('                - "baton.copilot.draft.>"\n',
                                    '                - "baton.>"\n                - "$KV.>"\n'))
            self.broken(copy, "user copilot-drafter may publish baton.in.t.c",
                        "user copilot-drafter may publish $KV.baton_configs.t.k")

    def test_a_service_without_permissions_fails(self):
        with NatsCopy() as copy:
            block = copy.user_block("conversation")
            head, _, _ = block.partition("          permissions:")
            copy.edit("deploy/nats/values.yaml", block, head)
            self.broken(copy, "user conversation has no permissions")

    def test_a_table_row_the_values_do_not_follow_fails(self):
        with NatsCopy() as copy:
            copy.edit("docs/ARCHITECTURE.md",
                      "| `email-sender` | `BATON_HANDOFFS`: `email-sender` | `baton.handoff.result.>` |",
                      "| `email-sender` | `BATON_HANDOFFS`: `email-sender` | `baton.handoff.result.>`, `baton.alert.>` |")
            self.broken(copy, "user email-sender may not publish baton.alert.t")

    def test_an_integrator_publishing_beyond_its_tenant_fails(self):
        with NatsCopy() as copy:
            copy.edit("deploy/nats/values.yaml", 'allow: ["baton.in.acme.>"]', 'allow: ["baton.in.>"]')
            self.broken(copy, "user integrator-acme may publish outside baton.in.acme.>")

    def test_an_integrator_importing_more_than_its_tenant_fails(self):
        with NatsCopy() as copy:
            copy.edit("deploy/nats/values.yaml",
                      '          - stream: {account: BATON, subject: "baton.out.acme.>"}\n',
                      '          - stream: {account: BATON, subject: "baton.out.acme.>"}\n'
                      '          - stream: {account: BATON, subject: "baton.turn.>"}\n')
            self.broken(copy, "account TENANT_ACME imports stream baton.turn.> from BATON")

    def test_an_export_to_every_account_fails(self):
        with NatsCopy() as copy:
            copy.edit("deploy/nats/values.yaml",
                      '          - service: "baton.in.acme.>"\n            accounts: [TENANT_ACME]\n',
                      '          - service: "baton.in.acme.>"\n')
            self.broken(copy, "exports {'service': 'baton.in.acme.>'} to every account")

    def test_a_max_payload_below_the_largest_message_fails(self):
        with NatsCopy() as copy:
            copy.edit("deploy/nats/values.yaml", "max_payload: << 1MB >>", "max_payload: << 256KB >>")
            self.broken(copy, "max_payload 262144 B is below Baton's largest message")

    def test_a_transcript_bound_raised_in_the_code_fails(self):
        with NatsCopy() as copy:
            copy.edit("crates/proto/src/state.rs", "MAX_TRANSCRIPT_BYTES: usize = 384 * 1024",
                      "MAX_TRANSCRIPT_BYTES: usize = 1024 * 1024")
            self.broken(copy, "max_payload 1048576 B is below Baton's largest message")

    def test_stream_limits_the_docs_do_not_state_fail(self):
        with NatsCopy() as copy:
            copy.edit("crates/bus/src/provision.rs", "Duration::from_secs(7 * 24 * 3600)",
                      "Duration::from_secs(14 * 24 * 3600)")
            self.broken(copy, "docs/OPERATIONS.md says stream_days=7, the code and values say stream_days=14")

    def test_a_default_retention_the_docs_do_not_state_fails(self):
        with NatsCopy() as copy:
            copy.edit("crates/bus/src/connect.rs", "retention_days: 30,", "retention_days: 90,")
            self.broken(copy, "docs/OPERATIONS.md says retention_days=30, the code and values say retention_days=90")

    def test_a_client_port_open_to_every_namespace_fails(self):
        with NatsCopy() as copy:
            copy.edit("deploy/nats/values.yaml",
                      '            - namespaceSelector:\n                matchLabels:\n                  baton.dev/nats-integrator: "true"\n',
                      '            - namespaceSelector: {}\n')
            self.broken(copy, "lets namespaces ALL reach port 4222")

    def test_routes_open_beyond_the_nats_pods_fail(self):
        with NatsCopy() as copy:
            copy.edit("deploy/nats/values.yaml",
                      "          ports:\n            - {protocol: TCP, port: 4222}\n",
                      "          ports:\n            - {protocol: TCP, port: 4222}\n            - {protocol: TCP, port: 6222}\n")
            self.broken(copy, "reach port 6222")

    def test_no_network_policy_fails(self):
        with NatsCopy() as copy:
            copy.edit("deploy/nats/values.yaml", "extraResources:\n", "unusedResources:\n")
            self.broken(copy, "no NetworkPolicy (extraResources) selects the NATS pods")


class ManifestsNatsCheck(unittest.TestCase):
    """check_manifests.py: each service connects as its own NATS user with only its password."""

    def rendered(self, edit=None, edit_all=None):
        import yaml
        kubectl = shutil.which("kubectl")
        if kubectl is None:
            self.skipTest("kubectl not on PATH (deploy/validate.sh installs it)")
        docs = list(yaml.safe_load_all(subprocess.run(
            [kubectl, "kustomize", str(DEPLOY / "kustomize/overlays/prod")],
            capture_output=True, text=True, check=True).stdout))
        if edit:
            edit({d["metadata"]["name"]: d for d in docs if d and d["kind"] == "Deployment"})
        if edit_all:
            docs = edit_all(docs)
        self.dir = tempfile.TemporaryDirectory()
        path = pathlib.Path(self.dir.name) / "prod.yaml"
        path.write_text(yaml.safe_dump_all(docs))
        services = sorted(p.name for p in (ROOT / "services").iterdir() if p.is_dir())
        result = run("check_manifests.py", "prod", path, *services)
        self.dir.cleanup()
        return result

    def test_the_shipped_manifests_pass(self):
        result = self.rendered()
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_a_pod_that_sees_every_password_fails(self):
        def edit(deployments):
            volumes = deployments["baton-email-sender"]["spec"]["template"]["spec"]["volumes"]
            next(v for v in volumes if v["name"] == "nats-credentials")["secret"].pop("items")
        result = self.rendered(edit)
        self.assertEqual(result.returncode, 1)
        self.assertIn("the baton-nats volume must hold only key 'email-sender'", result.stderr)

    def test_a_service_using_another_services_user_fails(self):
        def edit(deployments):
            env = deployments["baton-copilot-drafter"]["spec"]["template"]["spec"]["containers"][0]["env"]
            next(e for e in env if e["name"] == "BATON_NATS_USER")["value"] = "handoff-router"
        result = self.rendered(edit)
        self.assertEqual(result.returncode, 1)
        self.assertIn("BATON_NATS_USER is 'handoff-router', must be its own NATS user 'copilot-drafter'",
                      result.stderr)

    def test_an_hpa_that_scales_out_on_idle_fails(self):
        def edit(deployments):
            resources = deployments["baton-email-sender"]["spec"]["template"]["spec"]["containers"][0]["resources"]
            resources["requests"]["cpu"] = "50m"
        result = self.rendered(edit)
        self.assertEqual(result.returncode, 1)
        self.assertIn("HorizontalPodAutoscaler of baton-email-sender scales out at 35m", result.stderr)

    def test_internet_egress_outside_the_llm_component_fails(self):
        import copy

        def edit_all(docs):
            helpdesk = next(d for d in docs if d and d["metadata"]["name"] == "baton-allow-helpdesk-egress")
            policy = copy.deepcopy(helpdesk)
            policy["metadata"]["name"] = "baton-allow-judge-egress"
            policy["spec"]["podSelector"] = {"matchLabels": {"app.kubernetes.io/name": "baton-trigger-evaluator"}}
            return docs + [policy]
        result = self.rendered(edit_all=edit_all)
        self.assertEqual(result.returncode, 1)
        self.assertIn("NetworkPolicy baton-allow-judge-egress opens egress to the internet for "
                      "baton-trigger-evaluator", result.stderr)

    def test_an_llm_egress_for_more_than_the_trigger_evaluator_fails(self):
        import copy

        def edit_all(docs):
            helpdesk = next(d for d in docs if d and d["metadata"]["name"] == "baton-allow-helpdesk-egress")
            policy = copy.deepcopy(helpdesk)
            policy["metadata"]["name"] = "baton-allow-llm-egress"
            return docs + [policy]
        result = self.rendered(edit_all=edit_all)
        self.assertEqual(result.returncode, 1)
        self.assertIn("baton-allow-llm-egress is shipped without BATON_LLM_BASE_URL", result.stderr)
        self.assertIn("must select only baton-trigger-evaluator", result.stderr)


if __name__ == "__main__":
    unittest.main()
