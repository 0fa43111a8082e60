from support_service.app import create_app


def test_every_response_carries_a_request_id_and_keeps_a_sane_incoming_one():
    client = create_app().test_client()
    generated = client.get("/healthz").headers["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    hostile = client.get("/healthz", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"]
    assert hostile != "<script>"


def test_metrics_endpoint_counts_requests():
    client = create_app().test_client()
    client.get("/healthz")
    body = client.get("/metrics").get_data(as_text=True)
    assert 'helpdesk_http_requests_total{endpoint="/healthz",method="GET",status="200"}' in body
