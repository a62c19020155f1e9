"""The council's public record as an OParl 1.1 endpoint (`/oparl/v1/`), the open standard that
council information systems and their clients speak (docs/oparl.md).

The mapping: the council is the one `Body`; `Organization`s are the council itself, its standing
committees, its party groups and the mayor's departments (they are responsible for drafts);
councillors are `Person`s with `Membership`s (their mandate, their group, their committees);
public sittings are `Meeting`s with their `AgendaItem`s; draft decisions and decisions are
`Paper`s (a decision names the draft it was adopted from as `relatedPaper`); a committee's opinion
and a draft's place on a sitting's agenda are `Consultation`s; every public document is a `File`.
What OParl has no property for (the program item and its objectives, the roll call) is carried
under the `paacl:` vendor prefix, which a standard client ignores.

The same publication rules as the pages and the API: everything here is read through the public
querysets, and an object withdrawn from publication (so far: a document made internal or replaced
by a version without personal data) is listed as `deleted: true` to an incremental client.
"""
