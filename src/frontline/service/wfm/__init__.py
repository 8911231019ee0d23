"""Use cases of workforce management in the platform: schedules, publishing, adherence."""
