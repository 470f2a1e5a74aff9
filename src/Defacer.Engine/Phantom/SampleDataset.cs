using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Defacer.Engine.Nifti;
using Defacer.Engine.Volumes;

namespace Defacer.Engine.Phantom
{
    /// <summary>
    /// A small, valid BIDS dataset generated in code, for the README's main job and self-contained tests: phantom
    /// heads (with faces) as T1w and T2w images, and the kind of identifying metadata real datasets carry
    /// (participants.tsv with names and birth dates, sidecars with institution, device serial number and acquisition
    /// times, scans.tsv with acq_time, a dcm2niix-style header descrip). Everything is deterministic: the same call
    /// writes the same bytes. Sub-01 has two sessions; other subjects have none.
    /// </summary>
    public static class SampleDataset
    {
        /// <summary>The most subjects the generator has names for.</summary>
        public const int MaxSubjects = 6;

        private static readonly string[] s_names = { "Jane Doe", "John Smith", "Maria Garcia", "Wei Chen", "Amara Okafor", "Lars Nilsson" };
        private static readonly string[] s_birthDates = { "1984-03-12", "1979-11-02", "1991-07-23", "1966-01-30", "1988-09-14", "1972-05-05" };
        private static readonly int[] s_ages = { 42, 47, 35, 60, 38, 54 };
        private static readonly string[] s_sexes = { "F", "M", "F", "M", "F", "M" };

        /// <summary>
        /// Writes the dataset into <paramref name="root"/> (created if needed; it must be empty or absent, nothing is
        /// ever overwritten) and returns the relative paths of the images written.
        /// </summary>
        /// <param name="root">The dataset folder.</param>
        /// <param name="subjects">Number of subjects, 1 to <see cref="MaxSubjects"/>.</param>
        /// <param name="voxelSizeMm">Isotropic voxel size of the heads (2 mm gives about 1 M voxels per image).</param>
        /// <exception cref="ArgumentOutOfRangeException">Subjects or voxel size out of range.</exception>
        /// <exception cref="IOException">The folder exists and is not empty.</exception>
        public static IReadOnlyList<string> Write(string root, int subjects = 2, double voxelSizeMm = 2.0)
        {
            if (subjects < 1 || subjects > MaxSubjects)
            {
                throw new ArgumentOutOfRangeException(nameof(subjects), subjects, $"The sample dataset has 1 to {MaxSubjects} subjects.");
            }
            if (!(voxelSizeMm >= 0.8 && voxelSizeMm <= 4))
            {
                throw new ArgumentOutOfRangeException(nameof(voxelSizeMm), voxelSizeMm, "The voxel size must be between 0.8 and 4 mm.");
            }
            root = Path.GetFullPath(root);
            if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            {
                throw new IOException($"'{root}' is not empty; the sample dataset is only written into an empty or new folder.");
            }
            Directory.CreateDirectory(root);

            WriteText(root, "dataset_description.json",
                "{\n  \"Name\": \"Defacer sample dataset\",\n  \"BIDSVersion\": \"1.10.0\",\n  \"DatasetType\": \"raw\",\n" +
                "  \"License\": \"CC0\",\n  \"Authors\": [\"Defacer contributors\"],\n" +
                "  \"GeneratedBy\": [{\"Name\": \"Defacer New-DefacerSampleDataset\", \"Description\": \"Synthetic phantom heads with identifying-looking metadata\"}]\n}\n");
            WriteText(root, "README",
                "Defacer sample dataset\n\nSynthetic phantom heads (brain, skull, scalp, eyes, nose, lips, chin, ears) written by\n" +
                "New-DefacerSampleDataset. The names, dates and device details are invented, but placed where real\n" +
                "datasets leak them, so that defacing and metadata removal have something to remove.\n");
            WriteText(root, "participants.json",
                "{\n  \"name\": {\"Description\": \"Participant name (identifying; must not be shared)\"},\n" +
                "  \"birth_date\": {\"Description\": \"Date of birth (identifying)\"},\n" +
                "  \"age\": {\"Description\": \"Age at first scan\", \"Units\": \"year\"},\n" +
                "  \"sex\": {\"Description\": \"Sex\", \"Levels\": {\"F\": \"female\", \"M\": \"male\"}},\n" +
                "  \"handedness\": {\"Description\": \"Handedness\", \"Levels\": {\"R\": \"right\", \"L\": \"left\"}}\n}\n");

            var participants = new StringBuilder("participant_id\tname\tbirth_date\tage\tsex\thandedness\n");
            var images = new List<string>();
            for (int s = 0; s < subjects; s++)
            {
                string sub = "sub-" + (s + 1).ToString("00", CultureInfo.InvariantCulture);
                participants.Append(sub).Append('\t').Append(s_names[s]).Append('\t').Append(s_birthDates[s]).Append('\t')
                    .Append(s_ages[s].ToString(CultureInfo.InvariantCulture)).Append('\t').Append(s_sexes[s]).Append('\t').Append(s == 3 ? "L" : "R").Append('\n');

                if (s == 0)
                {
                    var sessions = new StringBuilder("session_id\tacq_time\n");
                    for (int ses = 1; ses <= 2; ses++)
                    {
                        string sesLabel = "ses-" + ses.ToString(CultureInfo.InvariantCulture);
                        var when = AcquisitionTime(s, ses);
                        sessions.Append(sesLabel).Append('\t').Append(Iso(when)).Append('\n');
                        images.AddRange(WriteSession(root, s, sub, sesLabel, when, voxelSizeMm, withT2w: ses == 1));
                    }
                    WriteText(root, Path.Combine(sub, sub + "_sessions.tsv"), sessions.ToString());
                }
                else
                {
                    images.AddRange(WriteSession(root, s, sub, null, AcquisitionTime(s, 1), voxelSizeMm, withT2w: s == 1));
                }
            }
            WriteText(root, "participants.tsv", participants.ToString());
            return images;
        }

        private static IEnumerable<string> WriteSession(string root, int subjectIndex, string sub, string? ses, DateTime when, double voxel, bool withT2w)
        {
            string folder = ses == null ? Path.Combine(sub, "anat") : Path.Combine(sub, ses, "anat");
            string prefix = ses == null ? sub : sub + "_" + ses;
            // Each subject gets its own noise, head pose and storage order, as real scans differ.
            var options = new HeadPhantomOptions
            {
                VoxelSizeX = voxel,
                VoxelSizeY = voxel,
                VoxelSizeZ = voxel,
                Seed = 1 + 10 * subjectIndex + (ses == "ses-2" ? 5 : 0),
                Orientation = subjectIndex == 1 ? "LAS" : "RAS",
                PitchDegrees = subjectIndex == 2 ? 8 : 0,
            };
            var head = HeadPhantom.Create(options);
            var scans = new StringBuilder("filename\tacq_time\n");
            var written = new List<string>();

            string t1 = prefix + "_T1w.nii.gz";
            WriteImage(Path.Combine(root, folder, t1), head.Image, when);
            WriteText(root, Path.Combine(folder, prefix + "_T1w.json"), Sidecar(subjectIndex, when, "T1w", 2.3, 0.00298, 9));
            scans.Append("anat/").Append(t1).Append('\t').Append(Iso(when)).Append('\n');
            written.Add(Path.Combine(folder, t1));

            if (withT2w)
            {
                var t2When = when.AddMinutes(7);
                string t2 = prefix + "_T2w.nii.gz";
                WriteImage(Path.Combine(root, folder, t2), T2Contrast(head, options.Seed), t2When);
                WriteText(root, Path.Combine(folder, prefix + "_T2w.json"), Sidecar(subjectIndex, t2When, "T2w", 3.2, 0.408, 120));
                scans.Append("anat/").Append(t2).Append('\t').Append(Iso(t2When)).Append('\n');
                written.Add(Path.Combine(folder, t2));
            }
            string scansFolder = ses == null ? sub : Path.Combine(sub, ses);
            WriteText(root, Path.Combine(scansFolder, prefix + "_scans.tsv"), scans.ToString());
            return written;
        }

        // T2-weighted look from the phantom's tissue labels: fluid bright, white matter dark, fat and bone dim.
        private static Volume3D T2Contrast(PhantomHead head, int seed)
        {
            var data = new float[head.Image.Length];
            var rng = new Numerics.SplitMix64((ulong)seed * 0x2545F4914F6CDD1DUL + 7);
            for (int i = 0; i < data.Length; i++)
            {
                double signal;
                switch ((PhantomTissue)head.Tissues[i])
                {
                    case PhantomTissue.Background:
                    case PhantomTissue.MouthAir:
                    case PhantomTissue.Nostril: signal = 0; break;
                    case PhantomTissue.Csf:
                    case PhantomTissue.Ventricle:
                    case PhantomTissue.Eye: signal = 1000; break;
                    case PhantomTissue.WhiteMatter: signal = 380; break;
                    case PhantomTissue.GreyMatter:
                    case PhantomTissue.Cerebellum: signal = 560; break;
                    case PhantomTissue.Skull:
                    case PhantomTissue.Mandible:
                    case PhantomTissue.Lens: signal = 60; break;
                    default: signal = 450; break;
                }
                double re = signal + 20 * rng.NextGaussian(), im = 20 * rng.NextGaussian();
                data[i] = (float)Math.Sqrt(re * re + im * im);
            }
            return new Volume3D(head.Image.Nx, head.Image.Ny, head.Image.Nz, data, head.Image.Affine);
        }

        private static void WriteImage(string path, Volume3D volume, DateTime when)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var image = NiftiImage.Create(NiftiDataType.Int16, volume.Affine, volume.Nx, volume.Ny, volume.Nz);
            image.Header.XyztUnits = 10; // mm and seconds
            // dcm2niix writes acquisition details here; real files leak the time of the scan through it.
            image.Header.Descrip = "TE=3;Time=" + when.ToString("HHmmss", CultureInfo.InvariantCulture) + ".000;phase=1";
            image.SetVolumeFromFloat(0, volume.Data);
            NiftiWriter.Write(image, path);
        }

        private static string Sidecar(int s, DateTime when, string suffix, double tr, double te, double flip)
        {
            string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
            return "{\n" +
                "  \"Modality\": \"MR\",\n" +
                "  \"MagneticFieldStrength\": 3,\n" +
                "  \"Manufacturer\": \"Siemens\",\n" +
                "  \"ManufacturersModelName\": \"Prisma_fit\",\n" +
                "  \"InstitutionName\": \"" + (s % 2 == 0 ? "Royal Example Hospital" : "University of Nowhere Imaging Centre") + "\",\n" +
                "  \"InstitutionAddress\": \"" + (s % 2 == 0 ? "1 Hospital Road, Exampleton, EX1 2MP" : "99 Campus Drive, Nowhere, NW 10001") + "\",\n" +
                "  \"InstitutionalDepartmentName\": \"Radiology\",\n" +
                "  \"DeviceSerialNumber\": \"" + (166038 + 17 * s).ToString(CultureInfo.InvariantCulture) + "\",\n" +
                "  \"StationName\": \"AWP" + (66000 + s).ToString(CultureInfo.InvariantCulture) + "\",\n" +
                "  \"SoftwareVersions\": \"syngo MR XA30\",\n" +
                "  \"ProtocolName\": \"" + suffix + "_" + s_names[s].Split(' ')[1].ToUpperInvariant() + "_research\",\n" +
                "  \"SeriesDescription\": \"" + suffix + " sag 1mm\",\n" +
                "  \"AcquisitionDateTime\": \"" + Iso(when) + ".000000\",\n" +
                "  \"AcquisitionTime\": \"" + when.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + ".000000\",\n" +
                "  \"RepetitionTime\": " + F(tr) + ",\n" +
                "  \"EchoTime\": " + F(te) + ",\n" +
                "  \"FlipAngle\": " + F(flip) + "\n" +
                "}\n";
        }

        private static DateTime AcquisitionTime(int subject, int session) =>
            new DateTime(2024, 3, 4, 9, 15, 0, DateTimeKind.Unspecified).AddDays(11 * subject + 42 * (session - 1)).AddMinutes(37 * subject);

        private static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

        private static void WriteText(string root, string relative, string text)
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text, new UTF8Encoding(false));
        }
    }
}
