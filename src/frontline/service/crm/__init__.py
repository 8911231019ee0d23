"""CRM use cases: cases with SLA and escalation, knowledge base, guided scripts, customer
import and export. They run the pure rules of `frontline.domain.crm` inside a unit of work."""
