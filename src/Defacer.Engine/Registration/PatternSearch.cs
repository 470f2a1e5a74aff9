using System;
using System.Threading;

namespace Defacer.Engine.Registration
{
    /// <summary>
    /// Hooke-Jeeves pattern search: derivative-free, needs only cost comparisons, and copes with the small flat
    /// steps a sampled metric has. Each iteration explores every parameter by ± its step; a successful exploration
    /// is followed by pattern moves along the improving direction, a failed one halves all steps. It stops when every
    /// step is below its minimum (converged) or after the iteration budget.
    /// </summary>
    internal static class PatternSearch
    {
        internal sealed class Outcome
        {
            public double[] X = Array.Empty<double>();
            public double Cost;
            public int Iterations;
            public bool Converged;
        }

        public static Outcome Minimize(Func<double[], double> cost, double[] start, double[] steps, double[] minSteps,
            int maxIterations, CancellationToken cancellationToken)
        {
            var x = (double[])start.Clone();
            var step = (double[])steps.Clone();
            double fx = cost(x);
            int iterations = 0;
            bool converged = false;
            while (iterations < maxIterations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                iterations++;
                var y = (double[])x.Clone();
                double fy = Explore(cost, y, fx, step);
                if (fy < fx)
                {
                    // Pattern moves: keep jumping along (y - x) while that keeps paying off.
                    while (iterations < maxIterations)
                    {
                        var z = new double[x.Length];
                        for (int i = 0; i < z.Length; i++)
                        {
                            z[i] = 2 * y[i] - x[i];
                        }
                        x = y;
                        fx = fy;
                        double fz = Explore(cost, z, cost(z), step);
                        iterations++;
                        if (fz < fx)
                        {
                            y = z;
                            fy = fz;
                        }
                        else
                        {
                            break;
                        }
                    }
                }
                else
                {
                    bool allSmall = true;
                    for (int i = 0; i < step.Length; i++)
                    {
                        step[i] *= 0.5;
                        if (step[i] >= minSteps[i])
                        {
                            allSmall = false;
                        }
                    }
                    if (allSmall)
                    {
                        converged = true;
                        break;
                    }
                }
            }
            return new Outcome { X = x, Cost = fx, Iterations = iterations, Converged = converged };
        }

        // Tries ± step on each coordinate in turn, keeping any improvement; returns the cost at the new point.
        private static double Explore(Func<double[], double> cost, double[] x, double fx, double[] step)
        {
            for (int i = 0; i < x.Length; i++)
            {
                if (step[i] <= 0)
                {
                    continue;
                }
                double old = x[i];
                x[i] = old + step[i];
                double f = cost(x);
                if (f < fx)
                {
                    fx = f;
                    continue;
                }
                x[i] = old - step[i];
                f = cost(x);
                if (f < fx)
                {
                    fx = f;
                    continue;
                }
                x[i] = old;
            }
            return fx;
        }
    }
}
