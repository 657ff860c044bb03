"""The service's API: same report as the CLI, Location and page twins, the store, coded errors."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsaudit.cli import main
from newsaudit.web.app import create_app
from web_helpers import LIGHT, config

pytestmark = pytest.mark.slow  # loads spaCy in an audit process


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(config(tmp_path_factory.mktemp("web_api")))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def light_toml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("toml") / "light.toml"
    path.write_text("[newsaudit]\ncomponents = [" + ", ".join(f'"{c}"' for c in LIGHT) + "]\n", encoding="utf-8")
    return path


def _check(args: list[str], light_toml: Path, stdin: str | None = None) -> str:
    result = CliRunner().invoke(main, ["check", *args, "--format", "json", "--config", str(light_toml)], input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def test_api_audit_text_equals_cli_check_json(client: TestClient, light_toml: Path, articles_dir: Path) -> None:
    text = (articles_dir / "anonymous_denied.txt").read_text(encoding="utf-8")
    response = client.post("/api/audit", json={"text": text})
    assert response.status_code in (200, 201)
    assert response.text == _check(["-"], light_toml, stdin=text)


def test_api_audit_upload_equals_cli_check_of_the_file(
    client: TestClient, light_toml: Path, articles_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (articles_dir / "careful_named.txt").read_bytes()
    (tmp_path / "story.txt").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    response = client.post("/api/audit", files={"file": ("story.txt", data, "text/plain")})
    assert response.status_code in (200, 201), response.text
    assert response.text == _check(["story.txt"], light_toml)


def test_api_audit_location_names_the_page_and_its_json_twin(client: TestClient, articles_dir: Path) -> None:
    text = (articles_dir / "careful_named.txt").read_text(encoding="utf-8")
    response = client.post("/api/audit", json={"text": text, "title": "Twin test"})
    location = response.headers["location"]
    assert location.startswith("/a/") and len(location) == 3 + 32
    assert client.get(location + ".json").json() == response.json()
    page = client.get(location)
    assert page.status_code == 200 and "Twin test" in page.text and 'id="report-data"' in page.text
    rows = list(csv.reader(io.StringIO(client.get(location + "/ledger.csv").text)))
    assert rows[0][:3] == ["id", "source_type", "source"]
    assert len(rows) == 1 + len(response.json()["attributions"])


def test_api_audit_same_input_comes_from_the_store(client: TestClient, articles_dir: Path) -> None:
    body = {"text": (articles_dir / "careful_named.txt").read_text(encoding="utf-8"), "title": "Stored once"}
    first = client.post("/api/audit", json=body)
    second = client.post("/api/audit", json=body)
    assert first.status_code == 201 and second.status_code == 200
    assert first.text == second.text and first.headers["location"] == second.headers["location"]


def test_api_audit_metadata_is_given_to_the_report(client: TestClient, articles_dir: Path) -> None:
    text = (articles_dir / "careful_named.txt").read_text(encoding="utf-8")
    meta = {"title": "T", "author": "A. Writer", "date": "2026-01-02", "site": "example.org", "url": "https://example.org/a"}
    report = client.post("/api/audit", json={"text": text, **meta}).json()
    assert {k: report["meta"][k] for k in meta} == meta


def test_api_audit_html_body_is_extracted(client: TestClient, articles_dir: Path) -> None:
    text = (articles_dir / "careful_named.txt").read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    html = f"<html><head><title>Page title</title></head><body><article>{paragraphs}</article></body></html>"
    report = client.post("/api/audit", json={"html": html}).json()
    assert report["input"]["kind"] == "html" and report["attributions"]


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "E060"),
        ({"content": b"[1, 2]", "headers": {"content-type": "application/json"}}, 400, "E060"),
        ({"json": {}}, 400, "E060"),
        ({"json": {"text": 5}}, 400, "E060"),
        ({"json": {"text": "x", "colour": "red"}}, 400, "E060"),
        ({"json": {"text": "x", "title": ["a"]}}, 400, "E060"),
        ({"content": b"text=x", "headers": {"content-type": "text/plain"}}, 400, "E060"),
        ({"json": {"text": "   "}}, 422, "E001"),
        ({"json": {"text": "Dies ist ein deutscher Text über das Wetter in Berlin und die Politik der Stadt heute."}}, 422, "E004"),
        ({"json": {"url": "file:///etc/passwd"}}, 422, "E040"),
    ],
)
def test_api_audit_bad_requests_get_coded_json_errors(client: TestClient, kwargs: dict[str, object], status: int, code: str) -> None:
    response = client.post("/api/audit", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message"]


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/", "http://localhost/", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data", "http://[::1]/"]
)
def test_api_audit_url_cannot_reach_loopback_or_private_addresses(client: TestClient, url: str) -> None:
    response = client.post("/api/audit", json={"url": url})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "E041"


def test_api_unknown_audit_is_a_coded_404(client: TestClient) -> None:
    for path in ("/a/" + "0" * 32 + ".json", "/a/../../etc/passwd.json", "/nowhere"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "E064"
    assert client.get("/a/" + "0" * 32).status_code == 404


def test_api_pages_carry_a_content_security_policy(client: TestClient) -> None:
    for path in ("/", "/healthz", "/docs", "/static/report.js"):
        response = client.get(path)
        assert response.status_code == 200
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"


def test_api_healthz_openapi_and_docs(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    schema = client.get("/openapi.json").json()
    assert "/api/audit" in schema["paths"] and "/a/{audit_id}.json" in schema["paths"]
    assert "/api/audit" in client.get("/docs").text


def test_api_home_form_redirects_to_the_audit_page(client: TestClient, articles_dir: Path) -> None:
    text = (articles_dir / "careful_named.txt").read_text(encoding="utf-8")
    response = client.post("/audit", data={"text": text, "title": "Form"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/a/")
    refused = client.post("/audit", data={"text": ""}, follow_redirects=False)
    assert refused.status_code == 400 and "E060" in refused.text


def test_api_report_json_matches_the_schema(client: TestClient, articles_dir: Path) -> None:
    import jsonschema

    from newsaudit.report.build import schema

    text = (articles_dir / "anonymous_denied.txt").read_text(encoding="utf-8")
    jsonschema.validate(json.loads(client.post("/api/audit", json={"text": text}).text), schema())


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_ledger_csv_cells_never_start_a_formula(cell: str) -> None:
    from newsaudit.web.app import csv_cell, ledger_csv

    assert csv_cell(cell) == "'" + cell
    report = {"attributions": [{"id": "a1", "source": {"type": "anonymous", "text": cell, "name": None},
                                "cue": {"text": "said"}, "content": {"text": cell}, "parent": None}]}
    row = next(csv.reader(io.StringIO(ledger_csv(report).splitlines()[1])))
    assert row[2] == "'" + cell and row[5] == "'" + cell


def test_api_audit_html_upload_with_metadata(client: TestClient, articles_dir: Path) -> None:
    text = (articles_dir / "careful_named.txt").read_text(encoding="utf-8")
    page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in text.split("\n\n")) + "</article></body></html>"
    response = client.post("/api/audit", files={"file": ("page.html", page.encode(), "text/html")}, data={"author": "Desk"})
    report = response.json()
    assert response.status_code == 201, response.text
    assert report["input"] == report["input"] | {"name": "page.html", "kind": "html"}
    assert report["meta"]["author"] == "Desk"
