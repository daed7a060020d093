"""The reader's memory of what it read: by content, for the files used last, not for good."""

from sandbox.hyperverge_validation.reading import Reader


def test_readings_are_kept_for_the_files_used_last() -> None:
    reader = Reader(entries=2)
    computed: list[bytes] = []

    def read(data: bytes) -> str:
        def compute() -> str:
            computed.append(data)
            return data.decode()

        return reader.remembered("file", data, compute)

    assert [read(b"a"), read(b"b"), read(b"a")] == ["a", "b", "a"]
    assert computed == [b"a", b"b"]  # the same bytes read once
    read(b"c")  # "b" was used least recently: it goes
    read(b"a")
    assert computed == [b"a", b"b", b"c"]
    read(b"b")
    assert computed == [b"a", b"b", b"c", b"b"]  # read again: it had been evicted
