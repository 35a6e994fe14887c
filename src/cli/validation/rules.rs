//! March's (1991) rules as the paper states them, what orgsim does for each, and whether they
//! agree: the table of docs/VALIDATION.md's "The model against the paper's rules".

pub(super) const RULES: &[[&str; 3]] = &[
    [
        "Reality has m dimensions, each 1 or −1 with probability 0.5, independently (p. 74).",
        "`march_initial_state` (src/engine/run.rs): the low m bits of one random 64-bit word.",
        "same",
    ],
    [
        "n individuals; each belief is 1, 0 or −1 with equal probabilities (p. 74).",
        "`Beliefs::random` (src/model/beliefs.rs): each dimension uniform on the three values \
         (unit test `random_beliefs_are_uniform_over_three_values`).",
        "same",
    ],
    [
        "The code starts \"characterized by neutral beliefs on all dimensions\" (p. 75).",
        "The code starts with no belief anywhere.",
        "same",
    ],
    [
        "Turnover: each period each individual leaves with probability p3 and is replaced by a \
         newcomer whose beliefs are 1, 0 or −1 with equal probabilities (p. 78).",
        "`march_period` (src/model/march.rs): per individual, with probability p3, new random \
         beliefs; the newcomer acts and is socialised in the same period.",
        "same",
    ],
    [
        "Turbulence: each dimension of reality shifts (1 ↔ −1) in a period with probability p4 \
         (p. 79).",
        "`turbulence_flips`, at the start of each period.",
        "same",
    ],
    [
        "Socialisation: where the code is not 0 and an individual differs from it, \"individual \
         belief changes to that of the code with probability p1\"; dimensions are independent \
         (p. 74).",
        "With probability p1 the belief moves one step toward the code: no belief → the code's \
         value; the opposite value → no belief.",
        "as March's original program, not the paper's literal text: Christensen's (2015) note on \
         the original program, quoted by Workiewicz 2019 (who finds that without the step the \
         values \"will not match exactly\"), and the BASIC-derived model of Watts & Gilbert 2014 \
         both move one step",
    ],
    [
        "The code adapts to \"those individuals whose beliefs correspond with reality on more \
         dimensions than does the code\" (p. 74).",
        "The superior group is the individuals whose actions (their belief, a fair coin where \
         they hold none) score better against reality than the code's beliefs; score = matches \
         − mismatches.",
        "as the original program according to Christensen/Workiewicz 2019 (\"the performance is \
         compared, not the underlying knowledge\"); Watts & Gilbert 2014 compare belief scores \
         instead",
    ],
    [
        "On a dimension where the superior group's majority differs from the code, the code stays \
         unchanged with probability (1 − p2)^k, \"where k (k > 0) is the number of individuals \
         (within the superior group) who differ from the code on this dimension minus the number \
         who do not\" (footnote 1); if the code equals the majority view it stays.",
        "`learn_code` (src/model/beliefs.rs): the code adopts the majority's action with \
         probability 1 − (1 − p2)^k, k = the majority's lead |#(+1) − #(−1)|; a tie changes \
         nothing.",
        "same where the code holds the opposite value (k is then the lead). Where the code holds \
         no belief a literal reading makes every member differ (k = group size); orgsim, \
         Workiewicz 2019 and Watts & Gilbert 2014 all use the lead there",
    ],
    [
        "Individuals and code learn from each other \"at the same time\" (p. 74).",
        "Socialisation uses the code as it stood at the start of the period; the code learns \
         from the actions taken before socialisation.",
        "same",
    ],
    [
        "Knowledge of the code.",
        "`code_knowledge` K = (matches − mismatches)/m, as Workiewicz 2019 and the score of the \
         BASIC program (Watts & Gilbert 2014). At equilibrium the code holds a belief everywhere, \
         so the share of dimensions it gets right is (1 + K)/2.",
        "the original program's measure; the paper's prose speaks of the proportion of reality \
         represented correctly",
    ],
    [
        "\"An equilibrium is reached at which all individuals and the code share the same (not \
         necessarily accurate) belief with respect to each dimension. The equilibrium is \
         stable.\" (p. 75)",
        "`at_equilibrium`: no turnover or turbulence, the code holds a belief on every dimension \
         and every individual agrees with it. With `until_equilibrium` the run stops there; \
         `months` is only a cap.",
        "same (a code with a 0 left could still learn from coin flips, so the code must also be \
         complete, as in Workiewicz's stopping rule)",
    ],
    [
        "Fast and slow learners in one population.",
        "`fast_learner_share`: the first round(share · n) individuals learn at \
         `fast_socialisation_rate`, the others at `slow_socialisation_rate`.",
        "same",
    ],
    [
        "80 organisations (iterations) per point.",
        "`replications = 80` in every sweep file of scenarios/validation/.",
        "same",
    ],
];
