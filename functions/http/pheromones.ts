import { z } from 'zod';
import { PheromoneDeposit, PheromoneSignal, SensedTrail, TrailQuery } from '../../shared/schemas/pheromone';
import { ProblemDetails } from '../../shared/schemas/problem';
import { depositPheromone } from '../../shared/services/pheromones/depositPheromone';
import { senseTrails } from '../../shared/services/pheromones/senseTrails';
import { readBody, readQuery } from './input';
import { json, type HttpRoute } from './route';

const Problem = { description: 'Problem details', schema: ProblemDetails };

export const pheromoneRoutes: HttpRoute[] = [
  {
    name: 'sensePheromones',
    methods: ['GET'],
    route: 'v1/pheromones',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: 'Sense the pheromone field: live trails, strongest first, with their current strength',
      tags: ['pheromones'],
      query: TrailQuery,
      responses: {
        200: { description: 'Trails', schema: z.object({ trails: z.array(SensedTrail) }) },
        400: Problem,
      },
    },
    async handle({ swarm, tenantId, request }) {
      return json(200, { trails: await senseTrails(swarm, tenantId, readQuery(request, TrailQuery)) });
    },
  },
  {
    name: 'depositPheromone',
    methods: ['POST'],
    route: 'v1/pheromones',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: 'Deposit a pheromone (e.g. a danger signal from outside the swarm)',
      tags: ['pheromones'],
      body: PheromoneDeposit,
      responses: {
        202: { description: 'Accepted onto the pheromone bus', schema: PheromoneSignal },
        400: Problem,
        413: Problem,
        415: Problem,
        422: Problem,
        503: Problem,
      },
    },
    async handle({ swarm, tenantId, request, traceparent }) {
      const deposit = await readBody(request, PheromoneDeposit);
      return json(202, await depositPheromone(swarm, tenantId, deposit, 'api', traceparent));
    },
  },
];
