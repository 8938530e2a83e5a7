import { z } from 'zod';
import { findAgents } from '../../shared/catalog/discovery';
import { searchCatalog } from '../../shared/catalog/search';
import {
  AgentDeployRequest,
  AgentInstance,
  AgentListQuery,
  AgentWakeRequest,
} from '../../shared/schemas/agent';
import { CatalogEntry, RepositoryQuery, RepositorySearchQuery } from '../../shared/schemas/catalog';
import { ProblemDetails } from '../../shared/schemas/problem';
import { deployAgents } from '../../shared/services/agents/deployAgents';
import { listAgents } from '../../shared/services/agents/listAgents';
import { sleepAgent } from '../../shared/services/agents/sleepAgent';
import { wakeAgent } from '../../shared/services/agents/wakeAgent';
import { readBody, readParam, readQuery } from './input';
import { json, type HttpRoute } from './route';

const Problem = { description: 'Problem details', schema: ProblemDetails };
const Items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const RankedEntry = CatalogEntry.extend({ score: z.number() });

export const agentRoutes: HttpRoute[] = [
  {
    name: 'listAgents',
    methods: ['GET'],
    route: 'v1/agents',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: "List the tenant's agents",
      tags: ['agents'],
      query: AgentListQuery,
      responses: { 200: { description: 'Agents', schema: Items(AgentInstance) }, 400: Problem },
    },
    async handle({ swarm, tenantId, request }) {
      return json(200, { items: await listAgents(swarm, tenantId, readQuery(request, AgentListQuery)) });
    },
  },
  {
    name: 'agentRepository',
    methods: ['GET'],
    route: 'v1/agents/repository',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: 'Browse the agent catalogue by department, industry or capability',
      tags: ['repository'],
      query: RepositoryQuery,
      responses: { 200: { description: 'Catalogue entries', schema: Items(CatalogEntry) }, 400: Problem },
    },
    async handle({ request }) {
      return json(200, { items: findAgents(readQuery(request, RepositoryQuery)) });
    },
  },
  {
    name: 'searchAgentRepository',
    methods: ['GET'],
    route: 'v1/agents/repository/search',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: 'Free-text search of the catalogue, ranked by relevance',
      tags: ['repository'],
      query: RepositorySearchQuery,
      responses: { 200: { description: 'Ranked entries', schema: Items(RankedEntry) }, 400: Problem },
    },
    async handle({ request }) {
      const { q } = readQuery(request, RepositorySearchQuery);
      return json(200, { items: searchCatalog(q).map(({ entry, score }) => ({ ...entry, score })) });
    },
  },
  {
    name: 'deployAgents',
    methods: ['POST'],
    route: 'v1/agents/deploy',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: 'Deploy catalogue agents into the tenant',
      tags: ['agents'],
      body: AgentDeployRequest,
      responses: {
        201: { description: 'The deployed agents', schema: z.object({ agents: z.array(AgentInstance) }) },
        400: Problem,
        413: Problem,
        415: Problem,
        422: Problem,
      },
    },
    async handle({ swarm, tenantId, request }) {
      const agents = await deployAgents(swarm, tenantId, await readBody(request, AgentDeployRequest));
      return json(201, { agents });
    },
  },
  {
    name: 'wakeAgent',
    methods: ['POST'],
    route: 'v1/agents/wake',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: 'Wake an agent of a type on demand',
      tags: ['agents'],
      body: AgentWakeRequest,
      responses: {
        200: {
          description: 'The awake agent',
          schema: z.object({ agentId: z.string(), coldStart: z.boolean(), agent: AgentInstance }),
        },
        400: Problem,
        415: Problem,
        422: Problem,
      },
    },
    async handle({ swarm, tenantId, request }) {
      const { agent, coldStart } = await wakeAgent(
        swarm,
        tenantId,
        await readBody(request, AgentWakeRequest),
      );
      return json(200, { agentId: agent.id, coldStart, agent });
    },
  },
  {
    name: 'sleepAgent',
    methods: ['POST'],
    route: 'v1/agents/{agentId}/sleep',
    authLevel: 'anonymous',
    tenantScoped: true,
    doc: {
      summary: 'Put an idle agent to sleep (its state is checkpointed)',
      tags: ['agents'],
      params: z.object({ agentId: z.string() }),
      responses: { 200: { description: 'The agent', schema: AgentInstance }, 404: Problem, 409: Problem },
    },
    async handle({ swarm, tenantId, request }) {
      return json(
        200,
        await sleepAgent(swarm, tenantId, readParam(request, 'agentId'), 'requested over the API'),
      );
    },
  },
];
