import type { Employee } from '../../schemas/index.js';

/** A full, active Employee record that knows nothing beyond its key and what `over` sets. */
export const employeeWith = (over: Partial<Employee> & Pick<Employee, 'connector' | 'id'>): Employee => ({
  employeeNumber: null,
  email: null,
  firstName: '',
  lastName: '',
  department: null,
  division: null,
  location: null,
  jobTitle: null,
  jobFamily: null,
  jobFamilies: [],
  grade: null,
  managerId: null,
  status: 'active',
  hireDate: null,
  jobHistory: [],
  ...over,
});
