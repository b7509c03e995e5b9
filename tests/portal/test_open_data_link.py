def test_public_landing_links_to_the_open_data_page(client, regions):
    body = client.get("/publik/").content.decode()
    assert 'href="/laporan/data-terbuka/"' in body
    assert 'data-testid="open-data-link"' in body
