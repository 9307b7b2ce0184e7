"""E-signed PDFs (OUG 38/2020): an intact signature shows as valid, a changed document as
invalid, an unsigned one as unsigned; the signer's certificate is not claimed to be trusted."""

from __future__ import annotations

import asyncio
import datetime
import io
from concurrent.futures import ThreadPoolExecutor

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from dms.documents.letterhead.answer import answer_pdf
from dms.documents.letterhead.base import Issuer
from dms.documents.signatures import outside_event_loop, signature_summary


def _self_signed() -> tuple[asn1_x509.Certificate, asn1_keys.PrivateKeyInfo]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ion Popescu (test)")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return (
        asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)),
        asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )


def signed_letter() -> bytes:
    letter = answer_pdf(
        issuer=Issuer("Municipiul Reșița", "", "", ""),
        number=5,
        dated=datetime.date(2026, 11, 28),
        recipient="Ana Pop",
        reference="4/28.11.2026",
        subject="Petiție",
        body="Groapa a fost reparată.",
        signatory="Ion Popescu",
    )
    certificate, key = _self_signed()
    signer = signers.SimpleSigner(
        signing_cert=certificate, signing_key=key, cert_registry=SimpleCertificateStore()
    )
    output = outside_event_loop(
        lambda: signers.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(letter)),
            signers.PdfSignatureMetadata(field_name="Semnatura"),
            signer=signer,
        )
    )
    return output.getvalue()


def test_an_intact_signature_is_valid_and_names_its_signer_without_claiming_trust():
    status, detail = signature_summary(signed_letter())
    assert status == "valid"
    [signature] = detail["signatures"]
    assert "Ion Popescu (test)" in signature["signer"]
    assert signature["intact"] and not signature["trusted"]


def test_a_document_changed_after_signing_is_invalid():
    content = bytearray(signed_letter())
    position = content.index(b"Groapa") if b"Groapa" in content else len(content) // 3
    content[position] ^= 0x01
    status, _detail = signature_summary(bytes(content))
    assert status == "invalid"


def test_the_check_works_inside_a_running_event_loop_too():
    # A browser-driving test session (or an ASGI server) has one running in this thread.
    async def check() -> str:
        return signature_summary(signed_letter())[0]

    # In a thread of its own: this thread may already run one (the browser tests' session).
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, check()).result() == "valid"


def test_an_unsigned_or_broken_pdf_is_simply_unsigned():
    assert signature_summary(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") == ("", {})
    assert signature_summary(b"not a pdf at all") == ("", {})
