import { cron, department } from './entry';

const hr = department('hr', { tools: ['hris'], tags: ['human-resources', 'people'] });

/** Seed 002 §10.2.A Human Resources, plus the §10.3 scheduled and on-demand review agents. */
export const hrAgents = [
  hr('recruitment', {
    name: 'Recruitment',
    description: 'Screens resumes, matches candidates to open roles and schedules their interviews.',
    capabilities: ['resume_screening', 'candidate_matching', 'interview_scheduling'],
    tools: ['applicant_tracking', 'calendar', 'email'],
    tags: ['hiring', 'talent', 'candidates'],
    tier: 'business_hours',
    maxConcurrency: 6,
  }),
  hr('onboarding', {
    name: 'Employee Onboarding',
    description: 'Runs new-employee onboarding workflows and collects and checks their documentation.',
    capabilities: ['onboarding_workflow', 'document_collection', 'document_verification'],
    tools: ['document_store', 'identity_provisioning', 'email'],
    tags: ['new-hire', 'paperwork'],
  }),
  hr('performance', {
    name: 'Performance Insights',
    description: 'Aggregates performance reviews and analyses the feedback they contain.',
    capabilities: ['review_aggregation', 'feedback_analysis', 'sentiment_analysis'],
    tools: ['performance_reviews'],
    tags: ['reviews', 'feedback'],
  }),
  hr('learning', {
    name: 'Learning and Development',
    description: 'Recommends training for each employee from an analysis of their skill gaps.',
    capabilities: ['training_recommendation', 'skill_gap_analysis'],
    tools: ['learning_management', 'skills_inventory'],
    tags: ['training', 'skills', 'upskilling'],
  }),
  hr('compliance', {
    name: 'HR Compliance',
    description: 'Checks HR practice against company policy and labour law and reports each breach.',
    capabilities: ['policy_compliance', 'labor_law_compliance', 'compliance_checking'],
    tools: ['policy_library', 'regulation_search'],
    tags: ['labor-law', 'policy', 'audit'],
  }),
  hr('performance_review', {
    name: 'Quarterly Performance Review',
    description:
      'Wakes on the first day of each quarter to run the review cycle: collects reviews, aggregates feedback and summarises it for managers.',
    capabilities: ['review_aggregation', 'feedback_analysis', 'document_summarization'],
    tools: ['performance_reviews', 'email'],
    tags: ['reviews', 'quarterly'],
    schedule: cron('0 7 1 */3 *', 480),
  }),
  hr('annual_review', {
    name: 'Annual Review',
    description:
      "Prepares each employee's annual review on request from the year's goals, reviews and compensation data.",
    capabilities: ['review_aggregation', 'goal_tracking', 'compensation_analysis'],
    tools: ['performance_reviews', 'compensation_data'],
    tags: ['reviews', 'annual', 'compensation'],
  }),
];
