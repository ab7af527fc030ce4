"""When an input of a score changes, queue the recomputation of what it concerns (nothing more happens here)."""

from django.db.models.signals import post_delete, post_save
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


@receiver(post_save, sender=Student)
@receiver([post_save, post_delete], sender=StudentCertificate)
def student_input_changed(sender, instance, **kwargs):
    rescore_later(student_ids=[instance.pk if sender is Student else instance.student_id])


@receiver([post_save, post_delete], sender=Placement)
def placement_changed(sender, instance, **kwargs):
    rescore_later(
        agreement_ids=[instance.agreement_id] if instance.agreement_id else [], student_ids=[instance.student_id]
    )


@receiver([post_save, post_delete], sender=MentorEvaluation)
def evaluation_changed(sender, instance, **kwargs):
    placement = instance.placement
    rescore_later(
        agreement_ids=[placement.agreement_id] if placement.agreement_id else [], student_ids=[placement.student_id]
    )
