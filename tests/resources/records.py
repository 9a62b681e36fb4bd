"""Fixture records of the test repository (fictional journal articles, labelled as examples) and
the hostile ones a compromised or careless repository could send."""

ARTICLES = [
    {
        "identifier": "oai:jurnal.contoh:article/1",
        "datestamp": "2024-01-10",
        "sets": ["jurnal:ART"],
        "dc": {
            "title": ["Toleransi Beragama di Madrasah: Studi Kasus (contoh)"],
            "creator": ["Rahmawati, Siti", "Hidayat, Ahmad"],
            "subject": ["toleransi", "madrasah"],
            "description": ["Artikel contoh tentang praktik toleransi di lingkungan madrasah."],
            "date": ["2023-06-01"],
            "type": ["info:eu-repo/semantics/article"],
            "identifier": ["https://jurnal.contoh.invalid/index.php/j/article/view/1"],
            "relation": ["https://jurnal.contoh.invalid/index.php/j/article/download/1/2.pdf"],
            "language": ["ind"],
            "rights": ["CC BY-SA 4.0"],
        },
    },
    {
        "identifier": "oai:jurnal.contoh:article/2",
        "datestamp": "2024-02-11",
        "sets": ["jurnal:ART"],
        "dc": {
            "title": ["Komitmen Kebangsaan Aparatur Sipil Negara (contoh)"],
            "creator": ["Nugroho, Budi"],
            "subject": ["komitmen kebangsaan", "ASN"],
            "description": ["Kajian contoh tentang Pancasila dan komitmen kebangsaan ASN."],
            "date": ["2022"],
            "identifier": ["https://jurnal.contoh.invalid/index.php/j/article/view/2"],
            "language": ["ind"],
        },
    },
    {
        "identifier": "oai:jurnal.contoh:article/3",
        "datestamp": "2024-03-12",
        "sets": ["jurnal:ART"],
        "dc": {
            "title": ["Kearifan Lokal dan Tradisi Keagamaan (contoh)"],
            "creator": ["Putri, Dewi"],
            "subject": ["budaya lokal"],
            "description": ["Tradisi lokal yang akomodatif dalam praktik beragama."],
            "date": ["2021-11-30"],
            "identifier": ["https://jurnal.contoh.invalid/index.php/j/article/view/3"],
        },
    },
    {
        "identifier": "oai:jurnal.contoh:article/4",
        "datestamp": "2024-04-13",
        "sets": ["jurnal:REV"],
        "dc": {
            "title": ["Anti-kekerasan dalam Dakwah (contoh)"],
            "creator": ["Santoso, Eko"],
            "subject": ["anti-kekerasan", "dakwah"],
            "description": ["Ulasan contoh tentang penolakan kekerasan atas nama agama."],
            "date": ["2020"],
            "identifier": ["https://jurnal.contoh.invalid/index.php/j/article/view/4"],
        },
    },
    {
        "identifier": "oai:jurnal.contoh:article/5",
        "datestamp": "2024-05-14",
        "sets": ["jurnal:ART"],
        "dc": {
            "title": ["Dialog Lintas Iman di Daerah Terpencil (contoh)"],
            "creator": ["Wibowo, Rina"],
            "subject": ["toleransi", "dialog"],
            "description": ["Catatan lapangan contoh."],
            "date": ["2024-01-02"],
            "identifier": ["https://jurnal.contoh.invalid/index.php/j/article/view/5"],
        },
    },
]

HOSTILE = {
    "identifier": "oai:jurnal.contoh:article/666",
    "datestamp": "2024-06-01",
    "sets": ["jurnal:ART"],
    "dc": {
        "title": ['Toleransi </script><script>alert("judul")</script><img src=x onerror=alert(1)> Jahat'],
        "creator": ['<b onmouseover="alert(2)">Penulis</b>'],
        "subject": ["toleransi"],
        "description": ["<iframe src='javascript:alert(3)'></iframe>Deskripsi"],
        "date": ["2024"],
        "identifier": ["javascript:alert(4)", "https://jurnal.contoh.invalid/view/666"],
        "relation": ["data:text/html,<script>alert(5)</script>.pdf"],
    },
}


def deleted(identifier, datestamp):
    return {"identifier": identifier, "datestamp": datestamp, "deleted": True, "sets": ["jurnal:ART"]}
