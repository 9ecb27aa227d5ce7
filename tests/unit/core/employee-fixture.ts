import { employee, type Employee, type EmployeeInput } from '../../../schemas/index.js';

export const person = (over: Partial<EmployeeInput> = {}): Employee =>
  employee.parse({
    connector: 'test',
    id: '42',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    department: 'Engineering',
    jobFamily: 'Software Engineering',
    grade: 'G4',
    status: 'active',
    hireDate: '2020-01-06',
    jobHistory: [{ effectiveDate: '2020-01-06', grade: 'G4' }],
    ...over,
  });
