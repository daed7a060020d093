"""HyperVerge CKYC Individual Download: the documented bodies, as typed models."""

import base64
import binascii
import re
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from kyc_adapters.base import VendorModel

VENDOR = "hyperverge-ckyc"
YesNo = Literal["yes", "no"]
ImageOutput = Literal["base64", "selfurl"]

ID_TYPES: dict[str, str] = {
    "A": "Passport",
    "B": "Voter ID",
    "C": "PAN",
    "D": "Driving License (DL)",
    "E": "Aadhaar",
    "F": "NREGA Job Card",
    "G": "National Population Register",
    "H": "EKYC Authentication",
    "I": "Offline Verification of Aadhaar",
    "J": "Foreign jurisdiction / Embassy document",
    "Z": "Others",
    "S01": "Simplified Measures: Government-issued photo ID card",
    "S02": "Simplified Measures: Gazetted officer's letter",
    "M": "Mobile Number",
}


def aadhaar_id_no(aadhaar: str, name: str, dob: str, gender: str) -> str:
    """The idNo format for idType E: aadhaar|name|dob|gender."""
    return "|".join((aadhaar.strip(), name.strip(), dob.strip(), gender.strip()))


# --- documented response bodies ---------------------------------------------------------


class IdListEntry(VendorModel):
    type: str = ""
    status: str = ""


class ImageDetail(VendorModel):
    # Not documented by the vendor: the entry's keys (imageDetails is only "a list of images").
    imageType: str = ""
    imageCode: str = ""
    imageExtension: str = ""
    imageData: str | None = None
    imageUrl: str | None = None

    @field_validator("imageData")
    @classmethod
    def _is_base64(cls, value: str | None) -> str | None:
        if value:
            try:
                base64.b64decode(value, validate=True)
            except binascii.Error:
                raise ValueError("imageData is not base64") from None
        return value

    def content(self) -> bytes | None:
        return base64.b64decode(self.imageData) if self.imageData else None


class OtpSent(VendorModel):
    message: str
    requestId: str
    ckycRefNo: str | None = None

    @property
    def masked_mobile(self) -> str | None:
        match = re.search(r"X+\d{4}", self.message)
        return match.group(0) if match else None


class CkycRecord(VendorModel):
    """The downloaded record; every key of the documented body."""

    ckycNo: str = ""
    ckycRefNo: str | None = None
    fullName: str = ""
    dob: str = ""
    gender: str = ""
    age: str = ""
    kycDate: str = ""
    updatedDate: str = ""
    idList: list[IdListEntry] = []

    constitutionType: str = ""
    accountType: str = ""
    preFix: str = ""
    firstName: str = ""
    middleName: str = ""
    lastName: str = ""
    fatherOrSpouse: str = ""
    fatherPrefix: str = ""
    fatherFname: str = ""
    fatherMname: str = ""
    fatherLname: str = ""
    fatherFullName: str = ""
    motherPrefix: str = ""
    motherFname: str = ""
    motherMname: str = ""
    motherLname: str = ""
    motherFullName: str = ""
    address1: str = ""
    address2: str = ""
    address3: str = ""
    city: str = ""
    district: str = ""
    state: str = ""
    country: str = ""
    pincode: str = ""
    permAndCorresAddSame: str = ""
    corresAddress1: str = ""
    corresAddress2: str = ""
    corresAddress3: str = ""
    corresCity: str = ""
    corresDist: str = ""
    corresState: str = ""
    corresCountry: str = ""
    corresPin: str = ""
    resiStdCode: str = ""
    resiTelNo: str = ""
    mobileCode: str = ""
    mobileNumber: str = ""
    email: str = ""
    decDate: str = ""
    decPlace: str = ""
    corresPoa: str = ""
    poa: str = ""
    DocSub: str = ""
    kycName: str = ""
    kycDesignation: str = ""
    kycBranch: str = ""
    kycEmpCode: str = ""
    orgName: str = ""
    orgCode: str = ""
    officeStdCode: str = ""
    officeTelNo: str = ""
    numIdentity: str = ""
    numRelated: str = ""
    numImages: str = ""
    aadhaar: str = ""
    pan: str = ""
    formSixty: str = ""
    imageDetails: list[ImageDetail] = []
    disabilityFlag: bool = False
    disabilityType: int = 0
    disabilityPercentage: float = 0
    disabilityUuidNum: str = ""
    downloadCount: str | None = None
    updateCount: str | None = None
    residentialStatus: str | None = None
    foreignNationalId: str | None = None

    def address(self) -> str:
        parts = (self.address1, self.address2, self.address3, self.city, self.state, self.pincode)
        return ", ".join(p for p in parts if p)

    def correspondence_address(self) -> str:
        if self.permAndCorresAddSame == "Y":
            return self.address()
        parts = (
            self.corresAddress1,
            self.corresAddress2,
            self.corresAddress3,
            self.corresCity,
            self.corresState,
            self.corresPin,
        )
        return ", ".join(p for p in parts if p)


class SearchResult(CkycRecord):
    """A search-only answer. Documented: "The full response structure is preserved for
    consistency with the download flow", with CERSAI filling only ckycNo (masked), ckycRefNo,
    fullName, dob, gender, age, kycDate (masked: ********), updatedDate and idList."""

    KYC_DATE_MASK: ClassVar[str] = "********"


class ResendResult(VendorModel):
    message: str
    resends_left: int | None = Field(default=None, description="parsed from the message")
