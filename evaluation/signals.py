"""When an input of a score changes, queue the recomputation of what it concerns (nothing more happens here)."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from colleges.models import Student, StudentCertificate
from evaluation.models import MentorEvaluation, PartyRating
from evaluation.scoring.incremental import rescore_later
from partnerships.models import Commitment, CooperationAgreement, Milestone, Placement


@receiver([post_save, post_delete], sender=Commitment)
@receiver([post_save, post_delete], sender=Milestone)
@receiver([post_save, post_delete], sender=PartyRating)
def agreement_input_changed(sender, instance, **kwargs):
    rescore_later(agreement_ids=[instance.agreement_id])


@receiver(post_save, sender=CooperationAgreement)
def agreement_changed(sender, instance, **kwargs):
    rescore_later(agreement_ids=[instance.pk])


# The fields that say which other entities a row's scores concern: the agreement a placement counts for, the
# program and cohort a student is ranked in.
SCOPING_FIELDS = {Placement: ("agreement",), Student: ("program", "cohort_year")}


@receiver(pre_save, sender=Placement)
@receiver(pre_save, sender=Student)
def remember_scope(sender, instance, update_fields=None, **kwargs):
    """Keep the stored values of the scoping fields on the instance: a placement moved to another agreement leaves
    the old one to recompute, a student moved to another program or cohort leaves mates there to rank again."""
    fields = SCOPING_FIELDS[sender]
    instance._scope_before = None
    if instance.pk is not None and (update_fields is None or set(fields) & set(update_fields)):
        instance._scope_before = sender.objects.filter(pk=instance.pk).values_list(*fields).first()


def _a_mate(program_id: int, cohort_year: int, *, besides: int) -> list[int]:
    """One student of this program and cohort other than ``besides`` (rescoring them ranks the whole cohort)."""
    mates = Student.objects.filter(program_id=program_id, cohort_year=cohort_year).exclude(pk=besides)
    return list(mates.values_list("pk", flat=True)[:1])


@receiver(post_save, sender=Student)
def student_changed(sender, instance, **kwargs):
    before = getattr(instance, "_scope_before", None)
    moved = before is not None and before != (instance.program_id, instance.cohort_year)
    rescore_later(student_ids=[instance.pk, *(_a_mate(*before, besides=instance.pk) if moved else [])])


@receiver(post_delete, sender=Student)
def student_deleted(sender, instance, **kwargs):
    rescore_later(student_ids=_a_mate(instance.program_id, instance.cohort_year, besides=instance.pk))


@receiver([post_save, post_delete], sender=StudentCertificate)
def certificate_changed(sender, instance, **kwargs):
    rescore_later(student_ids=[instance.student_id])


@receiver([post_save, post_delete], sender=Placement)
def placement_changed(sender, instance, **kwargs):
    (agreement_before,) = getattr(instance, "_scope_before", None) or (None,)
    rescore_later(agreement_ids={instance.agreement_id, agreement_before} - {None}, student_ids=[instance.student_id])


@receiver([post_save, post_delete], sender=MentorEvaluation)
def evaluation_changed(sender, instance, **kwargs):
    placement = instance.placement
    rescore_later(
        agreement_ids=[placement.agreement_id] if placement.agreement_id else [], student_ids=[placement.student_id]
    )
