"""An operator's claims hook for the "sso" identity source, as tests configure it."""


def claims(request, user):
    if user.username == "tanpa_klaim":
        return None
    return {"employee_type": "pns", "nip": "198609262015051001", "pns_orang_id": "A5CF0A1B"}
