"""Seeded synthetic CKYC records: clearly fictional people with SPECIMEN photos and signatures."""

import base64
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "ckyc"

DOWNLOAD_KEYS = (
    "constitutionType accountType ckycNo preFix firstName middleName lastName fullName "
    "fatherOrSpouse fatherPrefix fatherFname fatherMname fatherLname fatherFullName motherPrefix "
    "motherFname motherMname motherLname motherFullName gender dob age address1 address2 address3 "
    "city district state country pincode permAndCorresAddSame corresAddress1 corresAddress2 "
    "corresAddress3 corresCity corresDist corresState corresCountry corresPin resiStdCode "
    "resiTelNo mobileCode mobileNumber email decDate decPlace kycDate updatedDate idList corresPoa "
    "poa DocSub kycName kycDesignation kycBranch kycEmpCode orgName orgCode officeStdCode "
    "officeTelNo numIdentity numRelated numImages aadhaar pan formSixty imageDetails "
    "disabilityFlag disabilityType disabilityPercentage disabilityUuidNum"
).split()


@dataclass(frozen=True)
class SeedImage:
    # Not documented by the vendor: the shape of an imageDetails entry. We chose imageType,
    # imageCode (CERSAI's code), imageExtension and imageData (base64) or imageUrl (selfurl).
    image_type: str
    image_code: str
    file_name: str

    @property
    def extension(self) -> str:
        return self.file_name.rsplit(".", 1)[-1]

    def base64(self) -> str:
        return _encoded(self.file_name)


@cache
def _encoded(file_name: str) -> str:
    return base64.b64encode((ASSETS / file_name).read_bytes()).decode()


@dataclass(frozen=True)
class SeedRecord:
    key: str
    ids: dict[str, str]  # idType -> idNo (for E: aadhaar|name|dob|gender)
    mobile: str | None
    fields: dict
    images: tuple[SeedImage, ...] = ()
    download_count: int = 0
    update_count: int = 0
    residential_status: str = "Resident Individual"
    foreign_national_id: str = ""
    notes: str = ""
    extra: dict = field(default_factory=dict)


def _person(
    key, ckyc_no, ref_no, first, middle, last, gender, dob, age, address, city, state, pincode
):
    full = " ".join(part for part in (first, middle, last) if part)
    return {
        "constitutionType": "Individual",
        "accountType": "normal",
        "ckycNo": ckyc_no,
        "ckycRefNo": ref_no,
        "preFix": "MS" if gender == "F" else "MR",
        "firstName": first,
        "middleName": middle,
        "lastName": last,
        "fullName": full,
        "gender": gender,
        "dob": dob,
        "age": age,
        "address1": address[0],
        "address2": address[1],
        "address3": address[2],
        "city": city,
        "district": city,
        "state": state,
        "country": "IN",
        "pincode": pincode,
        "permAndCorresAddSame": "Y",
        "kycDate": "12-03-2019",
        "updatedDate": "04-11-2024",
        "decDate": "12-03-2019",
        "decPlace": city,
        "kycName": "SANDBOX OFFICER",
        "kycDesignation": "KYC OFFICER",
        "kycBranch": "SANDBOX BRANCH",
        "kycEmpCode": "EMP0001",
        "orgName": "SANDBOX BANK (SPECIMEN)",
        "orgCode": "IN0000",
        "poa": "PASSPORT",
        "corresPoa": "PASSPORT",
    }


def _images(stem: str) -> tuple[SeedImage, ...]:
    return (
        SeedImage("PHOTO", "02", f"{stem}-photo.jpg"),
        SeedImage("SIGNATURE", "04", f"{stem}-signature.png"),
    )


def _with_documents(stem: str, *documents: tuple[str, str, str]) -> tuple[SeedImage, ...]:
    """A record whose PHOTO is a real face and whose document images are SPECIMEN cards, so
    that CKYC Validation can read them back (the cartoon photos hold no face dlib finds)."""
    return (
        SeedImage("PHOTO", "02", f"documents/{stem}-selfie.jpg"),
        SeedImage("SIGNATURE", "04", f"{stem}-signature.png"),
        *(SeedImage(kind, code, f"documents/{name}") for kind, code, name in documents),
    )


# Not documented by the vendor: the imageType and CERSAI imageCode of a document image. We chose
# these names and codes (every page of a document has the same type and code).
AADHAAR = ("AADHAAR", "07")
PASSPORT = ("PASSPORT", "05")
VOTER_ID = ("VOTER_ID", "06")
DRIVING_LICENCE = ("DRIVING_LICENCE", "08")


RECORDS: tuple[SeedRecord, ...] = (
    SeedRecord(
        key="asha",
        ids={
            "C": "ABCPK1234F",
            "A": "Z1234567",
            "E": "999941057058|Asha Specimen Kumari|15-08-1990|F",
            "M": "9876501865",
        },
        mobile="9876501865",
        fields={
            **_person(
                "asha",
                "30012345678901",
                "CKYCREF0001",
                "ASHA",
                "SPECIMEN",
                "KUMARI",
                "F",
                "15-08-1990",
                "36",
                ("FLAT 12, SPECIMEN HEIGHTS", "SANDBOX ROAD", "KORAMANGALA"),
                "BENGALURU",
                "KARNATAKA",
                "560034",
            ),
            "fatherFullName": "RAMESH SPECIMEN KUMAR",
            "motherFullName": "SUNITA SPECIMEN DEVI",
            "fatherOrSpouse": "01",
            "mobileCode": "91",
            "mobileNumber": "9876501865",
            "email": "asha.specimen@example.com",
            "aadhaar": "XXXXXXXX7058",
            "pan": "ABCPK1234F",
            "idList": [
                {"type": "A", "status": "Verified"},
                {"type": "C", "status": "Verified"},
                {"type": "E", "status": "Verified"},
            ],
        },
        images=_with_documents(
            "asha",
            (*AADHAAR, "asha-aadhaar-front.jpg"),
            (*AADHAAR, "asha-aadhaar-back.jpg"),
            (*PASSPORT, "asha-passport.jpg"),
        ),
        download_count=4,
        update_count=1,
        notes="Happy path: PAN, passport, Aadhaar (E) or mobile (M); OTP goes to 9876501865.",
    ),
    SeedRecord(
        key="ravi",
        ids={"B": "XYZ1234567", "D": "MH0120190001234", "G": "NPR000111222333"},
        mobile="9123409999",
        fields={
            **_person(
                "ravi",
                "30098765432109",
                "CKYCREF0002",
                "RAVI",
                "TEST",
                "SHARMA",
                "M",
                "02-01-1985",
                "41",
                ("42 DEMO NAGAR", "NEAR SANDBOX PARK", ""),
                "PUNE",
                "MAHARASHTRA",
                "411001",
            ),
            "fatherFullName": "MOHAN TEST SHARMA",
            "mobileCode": "91",
            "mobileNumber": "9123409999",
            "pan": "",
            "idList": [{"type": "B", "status": "Verified"}, {"type": "D", "status": "Verified"}],
        },
        images=_with_documents(
            "ravi",
            (*DRIVING_LICENCE, "ravi-driving-licence.jpg"),
            (*VOTER_ID, "ravi-voter-id.jpg"),
        ),
        download_count=1,
        notes="Voter ID, driving licence or NPR; OTP goes to 9123409999.",
    ),
    SeedRecord(
        key="meera",
        ids={"C": "AAAPN0000A", "F": "KL-01-001-000001/01"},
        mobile=None,
        fields={
            **_person(
                "meera",
                "30055555555555",
                "CKYCREF0003",
                "MEERA",
                "DEMO",
                "NAIR",
                "F",
                "30-11-1975",
                "50",
                ("SPECIMEN HOUSE", "TEST LANE", ""),
                "KOCHI",
                "KERALA",
                "682001",
            ),
            "pan": "AAAPN0000A",
            "idList": [{"type": "C", "status": "Verified"}, {"type": "F", "status": "Verified"}],
        },
        images=_images("meera"),
        notes="No registered mobile: search works, OTP download is refused.",
    ),
    SeedRecord(
        key="vikram",
        ids={"C": "BBBPR5555B", "S01": "PSU-ID-000777"},
        mobile="9811100000",
        fields={
            **_person(
                "vikram",
                "30077777777777",
                "CKYCREF0004",
                "VIKRAM",
                "SAMPLE",
                "RAO",
                "M",
                "20-06-1995",
                "31",
                ("7 FICTION STREET", "", ""),
                "HYDERABAD",
                "TELANGANA",
                "500001",
            ),
            "mobileCode": "91",
            "mobileNumber": "9811100000",
            "pan": "BBBPR5555B",
            "idList": [{"type": "C", "status": "Verified"}],
        },
        images=_images("vikram"),
        residential_status="Non Resident Indian",
        foreign_national_id="AE-784-1995-0000000-1",
        notes="CKYC holds 9811100000: any other mobile (e.g. 9000000000) is a mismatch.",
    ),
)

# Magic ID numbers that force a documented outcome for any idType (sandbox only).
MAGIC_DSC_EXPIRED = "DSC-EXPIRED"
MAGIC_SERVER_ERROR = "SERVER-ERROR"

# Pre-started OTP sessions, so that a single catalog request can reach each OTP outcome.
SEED_OTP = "246810"
SEEDED_SESSIONS = {
    # request id: (record key, attempts left, resends used, seconds since the last OTP)
    "sbx-otp-pending": ("asha", 3, 0, 0),
    "sbx-otp-last-attempt": ("asha", 1, 0, 0),
    "sbx-resend-ready": ("ravi", 3, 0, 120),
    "sbx-resends-used": ("ravi", 3, 3, 120),
}
