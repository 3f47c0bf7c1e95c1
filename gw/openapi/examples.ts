// An example request body for every route that takes one, by operation id. The document shows them, and
// tests/contracts/examples.test.ts sends each one to a running stack in the flow's order (fresh ids and emails put in).
export const examples: Record<string, unknown> = {
  // users
  setAccountDisabled: { disabled: true },
  login: { email: "ada@example.com", password: "correct horse battery" },
  clientRegister: {
    email: "grace@example.com",
    password: "correct horse battery",
    clientName: "Hopper Labs",
    industry: "Software",
    city: "Arlington",
    description: "Compilers and developer tools",
    employeeCount: 12,
  },
  freelancerRegister: {
    email: "ada@example.com",
    password: "correct horse battery",
    fullName: "Ada Lovelace",
    jobTitle: "Analyst",
    city: "London",
    birthDate: "1995-12-10",
  },
  clientSetProfile: { name: "Hopper Labs", city: "Arlington", description: "Compilers and tools", employeeCount: 15 },
  clientSetPhoto: { photoLink: "https://media.example.com/static/photos/hopper.png" },
  freelancerSetProfile: { fullName: "Ada King", city: "London", description: "Numbers, engines and their programs" },
  freelancerSetPhoto: { photoLink: "https://media.example.com/static/photos/ada.png" },
  freelancerSetResume: { resumeLink: "https://example.com/ada/resume.pdf" },
  addFreelancerSkill: { newSkill: "TypeScript" },
  addFreelancerLanguage: { newLanguage: "French" },
  addFreelancerAchievement: {
    achievement_name: "Best paper",
    awarded_by: "Analytical Society",
    award_date: "2024-05-01",
  },
  addFreelancerEducation: {
    school_name: "University of London",
    degree: "BSc",
    major: "Mathematics",
    education_start_date: "2019-09-01",
    end_date: "2022-06-30",
  },
  addFreelancerExperience: {
    company_name: "Babbage & Co",
    job_title: "Programmer",
    employment_start: "2022-07-01",
    city: "London",
  },
  updateFreelancerAchievement: {
    achievement_id: "7f0c2a9e-3b1d-4c55-9d1e-2a6b8c4d5e6f",
    new_achievement_name: "Best paper of the year",
  },
  updateFreelancerEducation: { education_id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", new_grade: "First" },
  updateFreelancerExperience: {
    experience_id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    new_job_title: "Lead programmer",
  },
  // jobs
  createJob: {
    title: "Build a payroll engine",
    description: "A small service computing monthly payroll from timesheets, with tests.",
    location: "Remote",
    budget: 1500.5,
    skills: ["TypeScript", "PostgreSQL"],
    experience: "INTERMEDIATE",
  },
  createProposal: {
    coverLetter: "I have built two payroll systems; here is how I would do yours.",
    jobDuration: "ONE_TO_THREE_MONTHS",
    attachments: [{ name: "portfolio", url: "https://example.com/ada/portfolio" }],
    milestones: [
      { description: "Data model and import", amount: 500, dueDate: "2027-01-15" },
      { description: "Payroll rules and reports", amount: 1000.5, dueDate: "2027-02-15" },
    ],
  },
  updateProposal: { coverLetter: "Updated: I can start on Monday." },
  // contracts
  evaluateMilestone: { evaluatedState: "ACCEPTED" },
  requestContractTermination: { reason: "The client no longer needs the work" },
  handleTerminationRequest: { chosenStatus: "REJECTED" },
  // payments
  withdrawFromWallet: { amount: 200.25, description: "To my bank account" },
};
