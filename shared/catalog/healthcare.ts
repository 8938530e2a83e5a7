import { MODELS, industry } from './entry';

const defaults = { models: MODELS.reasoning, tags: ['hipaa', 'phi'] };
const healthcare = industry('healthcare', { ...defaults, tools: ['ehr'] });
const lifesciences = industry('lifesciences', { ...defaults, tools: ['research_data_lake'] });

/** Seed 002 §10.2.B Healthcare & Life Sciences. */
export const healthcareAgents = [
  healthcare('patient_triage', {
    name: 'Patient Triage',
    description:
      'Scores the urgency of each patient from reported symptoms and vital signs for clinician review.',
    capabilities: ['symptom_assessment', 'urgency_scoring', 'prioritization'],
    tools: ['clinical_guidelines'],
    tags: ['triage', 'patients', 'clinical'],
    maxConcurrency: 8,
  }),
  healthcare('appointment_scheduling', {
    name: 'Appointment Scheduling',
    description: 'Books appointments intelligently by matching patient needs with clinician availability.',
    capabilities: ['appointment_scheduling', 'calendar_optimization', 'reminder_automation'],
    tools: ['calendar', 'patient_messaging'],
    tags: ['appointments', 'patients', 'booking'],
  }),
  healthcare('claims_processing', {
    name: 'Claims Processing',
    description: 'Automates insurance claims: checks coding and coverage, and flags claims for review.',
    capabilities: ['claims_processing', 'medical_coding_validation', 'document_extraction'],
    tools: ['claims_system', 'payer_rules'],
    tags: ['claims', 'insurance', 'billing'],
    maxConcurrency: 6,
  }),
  healthcare('clinical_documentation', {
    name: 'Clinical Documentation',
    description: 'Summarises medical records and encounter notes into structured clinical documentation.',
    capabilities: ['document_summarization', 'clinical_note_structuring', 'medical_coding_validation'],
    tools: ['clinical_notes'],
    tags: ['records', 'notes', 'clinical'],
  }),
  lifesciences('drug_discovery', {
    name: 'Drug Discovery',
    description: 'Screens and analyses candidate molecules for activity, toxicity and drug-likeness.',
    capabilities: ['molecule_screening', 'property_prediction', 'literature_analysis'],
    tools: ['compound_library', 'molecular_modeling'],
    tags: ['molecules', 'research', 'r-and-d'],
    pool: 'compute_intensive',
    maxConcurrency: 2,
  }),
  lifesciences('clinical_trial_matching', {
    name: 'Clinical Trial Matching',
    description: 'Matches patients to clinical trials whose eligibility criteria they meet.',
    capabilities: ['trial_matching', 'eligibility_screening', 'candidate_matching'],
    tools: ['trial_registry', 'ehr'],
    tags: ['trials', 'patients', 'research'],
  }),
];
