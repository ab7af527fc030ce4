"""Who may do what with the colleges app's records; the rows of docs/permissions.md, in code."""

from accounts.permissions import allow_resource, is_college_staff, is_signed_in, of_my_college

allow_resource("colleges.college", view=is_signed_in, change=is_college_staff & of_my_college("pk"))
allow_resource("colleges.certificate", view=is_signed_in)

for resource, path_to_college in {
    "colleges.program": "college_id",
    "colleges.course": "program.college_id",
    "colleges.student": "program.college_id",
    "colleges.studentcertificate": "student.program.college_id",
}.items():
    own = is_college_staff & of_my_college(path_to_college)
    allow_resource(resource, view=is_signed_in, add=is_college_staff, change=own, delete=own)
